//===- MoEDialect.cpp - The moe dialect -----------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::moe;

#include "dialects/MoE/IR/MoEDialect.cpp.inc"
#include "dialects/MoE/IR/MoEEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/MoE/IR/MoEAttrs.cpp.inc"

void MoEDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/MoE/IR/MoEOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/MoE/IR/MoEAttrs.cpp.inc"
      >();
}

void mlir::moe::registerMoEDialect(DialectRegistry &registry) {
  registry.insert<MoEDialect>();
}

//===----------------------------------------------------------------------===//
// RopeAttr
//===----------------------------------------------------------------------===//

LogicalResult RopeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               RopePairing pairing, int64_t dim, APFloat thetaF,
                               RopeScaling scaling, APFloat factorF,
                               int64_t originalMaxPosition, APFloat betaFastF,
                               APFloat betaSlowF, bool truncate,
                               APFloat lowFreqFactorF, APFloat highFreqFactorF,
                               APFloat attentionFactorF) {
  double theta = thetaF.convertToDouble(), factor = factorF.convertToDouble(),
         betaFast = betaFastF.convertToDouble(),
         betaSlow = betaSlowF.convertToDouble(),
         lowFreqFactor = lowFreqFactorF.convertToDouble(),
         highFreqFactor = highFreqFactorF.convertToDouble(),
         attentionFactor = attentionFactorF.convertToDouble();
  if (dim <= 0 || dim % 2 != 0)
    return emitError() << "rope dim must be positive and even, got " << dim;
  if (!(theta > 0.0))
    return emitError() << "rope theta must be positive, got " << theta;
  if (!(attentionFactor > 0.0))
    return emitError() << "rope attention_factor must be positive, got "
                       << attentionFactor;
  if (scaling == RopeScaling::None)
    return success();
  if (!(factor > 0.0))
    return emitError() << "rope scaling '" << stringifyRopeScaling(scaling)
                       << "' needs factor > 0, got " << factor;
  if (originalMaxPosition <= 0)
    return emitError() << "rope scaling '" << stringifyRopeScaling(scaling)
                       << "' needs original_max_position > 0, got "
                       << originalMaxPosition;
  if (scaling == RopeScaling::Yarn && !(betaFast > 0.0 && betaSlow > 0.0))
    return emitError() << "yarn rope needs beta_fast > 0 and beta_slow > 0";
  if (scaling == RopeScaling::Llama3 &&
      !(lowFreqFactor > 0.0 && highFreqFactor >= lowFreqFactor))
    return emitError() << "llama3 rope needs 0 < low_freq_factor <= "
                          "high_freq_factor";
  return success();
}
