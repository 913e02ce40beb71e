//===- ModelAnalysis.h - Parameter, FLOP and KV-cache accounting -*- C++
//-*-===//
//
// Computes what a systems person first asks of a model, from the moe IR alone:
// parameters (total, active per token), per-layer breakdown, weight bytes,
// FLOPs per token, KV-cache size and decode-attention arithmetic intensity.
// Conventions are documented in docs/report.md.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_PASSES_MODELANALYSIS_H
#define MOE_PASSES_MODELANALYSIS_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir {
namespace moe {

/// Parameter counts of one decoder layer (elements, not bytes).
struct LayerBreakdown {
  int64_t index = 0;
  bool isMoE = false;
  double attention = 0, norms = 0, router = 0, routedExperts = 0,
         sharedExperts = 0, denseMLP = 0;
  double activeRoutedExperts = 0; // top_k / E of routedExperts
  int64_t numExperts = 0, topK = 0;
  std::string attentionKind;     // "mha", "gqa", "mla"
  std::string kvLayout;          // what the compiled model caches per token
  double kvElementsPerToken = 0; // cache elements per token in this layer
  int64_t kvWindow = 0;          // 0 = full context, else tokens kept
  double total() const {
    return attention + norms + router + routedExperts + sharedExperts +
           denseMLP;
  }
  double active() const {
    return attention + norms + router + activeRoutedExperts + sharedExperts +
           denseMLP;
  }
};

struct ModelReport {
  std::string modelType;
  int64_t seqLen = 0, context = 0;
  double totalParams = 0, totalBytes = 0;
  double embeddingParams = 0, lmHeadParams = 0, headNormParams = 0,
         otherParams = 0, unusedParams = 0;
  bool tiedEmbeddings = false;
  double activeParams = 0;            // with embedding and LM head
  double activeParamsNoEmbedding = 0; // without the input embedding
  double activeParamsNoEmbeddingHead = 0;
  double linearFlopsPerToken = 0; // 2 * active matmul weights
  double prefillFlopsPerToken = 0, decodeFlopsPerToken = 0;
  double prefillAttentionFlopsPerToken = 0, decodeAttentionFlopsPerToken = 0;
  double kvElementsPerToken = 0; // sum over layers
  double kvElementsAtContext = 0;
  double kvBytesAtContext = 0;
  int64_t kvElementBytes = 0;
  double decodeAttentionIntensity = 0;
  std::vector<LayerBreakdown> layers;
  /// Expert parallelism (after moe-expert-parallel; epSize 1: none).
  struct EPLayer {
    int64_t layer = 0;
    /// Expected max/mean rank load from expert statistics, contiguous and
    /// as placed (0: no statistics).
    double loadContiguous = 0, load = 0;
  };
  int64_t epSize = 1;
  std::vector<double> paramsPerRank;
  /// Bytes a token's rows move between ranks (dispatch + combine, all MoE
  /// layers), with uniform routing: (ep - 1) / ep of the rows leave a rank.
  double allToAllBytesPerToken = 0;
  std::vector<EPLayer> epLayers;

  void printTable(llvm::raw_ostream &os) const;
  llvm::json::Value toJSON() const;
};

/// Analyses `module`; emits an error and fails on IR it cannot account for.
FailureOr<ModelReport> analyzeModel(ModuleOp module, int64_t seqLen,
                                    int64_t context);

} // namespace moe
} // namespace mlir

#endif // MOE_PASSES_MODELANALYSIS_H
