//===- MoEDialect.h - The moe dialect ---------------------------*- C++ -*-===//

#ifndef MOE_DIALECTS_MOE_IR_MOEDIALECT_H
#define MOE_DIALECTS_MOE_IR_MOEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "dialects/MoE/IR/MoEDialect.h.inc"
#include "dialects/MoE/IR/MoEEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/MoE/IR/MoEAttrs.h.inc"

namespace mlir {
class DialectRegistry;
namespace moe {
/// Registers the moe dialect (and nothing else) in `registry`.
void registerMoEDialect(DialectRegistry &registry);
} // namespace moe
} // namespace mlir

#endif // MOE_DIALECTS_MOE_IR_MOEDIALECT_H
