//===- Verify.h - Semantic checks of an artifact ----------------*- C++ -*-===//
//
// Checks that go beyond the FlatBuffers verifier: every index in range, arg
// kinds against element types, shapes and transforms of weights, constant
// sizes, segments inside the segment area, the code's target against this
// host, and (once the runtime has chosen S and C) that every argument's view
// stays inside its root buffer. Also the evaluation of `Expr`s and views
// shared with the executor. Every failure is one line naming the file and
// the table/field, e.g.
//   m.mxa: functions[0].launches[12].args[3]: weight index 99 out of range
//   (57 weights)
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_ARTIFACT_VERIFY_H
#define MOE_RUNTIME_ARTIFACT_VERIFY_H

#include "runtime/schema/mxa_generated.h"
#include "runtime/support/Status.h"

#include <cstdint>
#include <string>

namespace moe {
namespace runtime {

/// Values of the run-time symbols: tokens of the call, KV-cache slots,
/// context length and rows received by the latest expert exchange.
struct SymbolValues {
  int64_t tokens = 1, slots = 1, context = 1, received = 0;
};

/// Largest memref rank an `Arg` may have.
constexpr int kMaxRank = 8;

/// `e` evaluated (null is 0); false on int64 overflow.
bool evalExpr(const mxa::Expr *e, const SymbolValues &v, int64_t &out);

/// A memref argument's view evaluated for given symbol values.
struct View {
  int64_t offset = 0;
  int rank = 0;
  int64_t sizes[kMaxRank] = {};
  int64_t strides[kMaxRank] = {};
};

/// Evaluates `arg`'s offset, sizes and strides (assumed verified: equal
/// lengths, rank <= kMaxRank); on failure sets `why`.
bool evalView(const mxa::Arg &arg, const SymbolValues &v, View &view,
              std::string &why);

/// Checks that every element reachable through `view` (none if a size is 0)
/// lies in [0, rootElements); on failure sets `why`.
bool viewWithin(const View &view, int64_t rootElements, std::string &why);

/// Bytes of one element.
int64_t elementSize(mxa::ElementType type);

/// Host-independent semantic checks of a buffer that passed the FlatBuffers
/// verifier and the version check; `segmentAreaSize` is the number of bytes
/// after the segment area start and before the footer.
Status verifySemantics(const std::string &path, const mxa::Artifact &a,
                       uint64_t segmentAreaSize);

/// The code entry to run on this host (null if there are no kernels), or an
/// error naming the triples found.
Expected<const mxa::Code *> selectHostCode(const std::string &path,
                                           const mxa::Artifact &a);

/// Expert-parallel ranks of an artifact (1 when not expert-parallel).
int epSize(const mxa::Artifact &a);

/// Elements of each root buffer kind, given S and C (T-independent roots).
/// A weight's bound elements: its slice box, on one rank of `epSize` when it
/// has `expert_slots`.
int64_t weightElements(const mxa::Weight &w, int epSize);
/// Elements of the weight's param viewed as `shape` (before any slice).
int64_t viewElements(const mxa::Weight &w);
int64_t cacheElements(const mxa::Cache &c, int64_t slots, int64_t context);
/// Bytes of a cache (its elements times their size, f32 or bf16), -1 when
/// its shape is invalid.
int64_t cacheStorageBytes(const mxa::Cache &c, int64_t slots,
                          int64_t context);
/// Elements of a training state, -1 when its shape is invalid.
int64_t stateElements(const mxa::State &st);
/// Call inputs and outputs (mxa.fbs ArgKind): elements of input `index` and
/// output `index` of a call on `tokens` tokens.
constexpr int kNumInputs = 5, kNumOutputs = 2;
int64_t inputElements(int index, int64_t tokens);
int64_t outputElements(int index, int64_t tokens, int64_t vocab);

/// Checks every memref argument's extent within its root at T = 1 and
/// T = max_tokens of its function and R = 0 and R = max_received, with the
/// runtime's `slots` and `context`.
Status verifyExtents(const std::string &path, const mxa::Artifact &a,
                     int64_t slots, int64_t context);

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_ARTIFACT_VERIFY_H
