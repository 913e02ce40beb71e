//===- MoEOps.h - Ops of the moe dialect ------------------------*- C++ -*-===//

#ifndef MOE_DIALECTS_MOE_IR_MOEOPS_H
#define MOE_DIALECTS_MOE_IR_MOEOPS_H

#include "dialects/MoE/IR/MoEDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/MoE/IR/MoEInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/MoE/IR/MoEOps.h.inc"

#endif // MOE_DIALECTS_MOE_IR_MOEOPS_H
