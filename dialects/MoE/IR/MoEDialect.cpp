//===- MoEDialect.cpp - The moe dialect -----------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

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

SmallVector<double> RopeAttr::getInvFreq() const {
  int64_t dim = getDim();
  SmallVector<double> invFreq;
  double base = getThetaValue();
  int64_t half = dim / 2;
  invFreq.resize(half);
  for (int64_t j = 0; j < half; ++j)
    invFreq[j] = 1.0 / std::pow(base, (2.0 * j) / dim);
  double factor = getFactorValue();
  double l0 = static_cast<double>(getOriginalMaxPosition());
  if (getScaling() == RopeScaling::Yarn) {
    double betaFast = getBetaFast().convertToDouble();
    double betaSlow = getBetaSlow().convertToDouble();
    auto corrDim = [&](double n) {
      return dim * std::log(l0 / (n * 2 * M_PI)) / (2 * std::log(base));
    };
    double low = corrDim(betaFast), high = corrDim(betaSlow);
    if (getTruncate()) {
      low = std::floor(low);
      high = std::ceil(high);
    }
    low = std::max(low, 0.0);
    high = std::min(high, static_cast<double>(dim - 1));
    if (low == high)
      high += 0.001;
    for (int64_t j = 0; j < half; ++j) {
      double ramp = std::clamp((j - low) / (high - low), 0.0, 1.0);
      double extrap = 1.0 - ramp;
      double posFreq = std::pow(base, (2.0 * j) / dim);
      invFreq[j] = (1.0 / (factor * posFreq)) * (1.0 - extrap) +
                   (1.0 / posFreq) * extrap;
    }
  } else if (getScaling() == RopeScaling::Llama3) {
    double lowFF = getLowFreqFactor().convertToDouble();
    double highFF = getHighFreqFactor().convertToDouble();
    double loW = l0 / lowFF, hiW = l0 / highFF;
    for (int64_t j = 0; j < half; ++j) {
      double inv = invFreq[j];
      double wavelen = 2 * M_PI / inv;
      double scaled = wavelen > loW ? inv / factor : inv;
      bool medium = !(wavelen < hiW) && !(wavelen > loW);
      if (medium && highFF != lowFF) {
        double smooth = (l0 / wavelen - lowFF) / (highFF - lowFF);
        scaled = (1 - smooth) * scaled / factor + smooth * scaled;
      }
      invFreq[j] = scaled;
    }
  }
  return invFreq;
}

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
