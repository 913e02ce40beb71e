//===- Interpreter.cpp - Reference interpreter of the moe dialect ---------===//
//
// Plain loops, double precision, no cleverness: this is the numerical
// reference the compiled model is compared against (shared/HF_MATH.md).
//
//===----------------------------------------------------------------------===//

#include "interpreter/Interpreter.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

using namespace mlir;
using namespace mlir::moe;
using namespace mlir::moe::interp;
using TensorPtr = std::shared_ptr<const Tensor>;

//===----------------------------------------------------------------------===//
// Perturbations
//===----------------------------------------------------------------------===//

bool Perturbations::enable(const std::string &rule) {
  if (rule == "deepseek-biased-weights")
    biasedRouterWeights = true;
  else if (rule == "rope-half-split")
    ropeHalfSplit = true;
  else if (rule == "rope-interleaved")
    ropeInterleaved = true;
  else if (rule == "no-sinks")
    noSinks = true;
  else if (rule == "no-renorm")
    noRenorm = true;
  else
    return false;
  return true;
}

const char *Perturbations::ruleNames() {
  return "deepseek-biased-weights, rope-half-split, rope-interleaved, "
         "no-sinks, no-renorm";
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + (shape[i] == ShapedType::kDynamic
                               ? std::string("?")
                               : std::to_string(shape[i]));
  return s + "]";
}

static double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static double silu(double x) { return x * sigmoid(x); }

/// y[n, o] = sum_i x[n, i] * W[o, i] + b[o]; x's last dim is `in`.
static Tensor linear(const Tensor &x, const Tensor &w, const Tensor *bias) {
  int64_t out = w.shape[0], in = w.shape[1];
  int64_t n = x.numElements() / in;
  std::vector<int64_t> shape = x.shape;
  shape.back() = out;
  Tensor y(shape);
  for (int64_t r = 0; r < n; ++r)
    for (int64_t o = 0; o < out; ++o) {
      double acc = 0;
      const double *xr = &x.data[r * in], *wr = &w.data[o * in];
      for (int64_t i = 0; i < in; ++i)
        acc += xr[i] * wr[i];
      if (bias)
        acc += bias->data[o];
      y.data[r * out + o] = acc;
    }
  return y;
}

/// In-place RMS norm of `n` consecutive values with an optional weight.
static void rmsNormSpan(double *x, int64_t n, const double *weight,
                        double eps) {
  double ss = 0;
  for (int64_t i = 0; i < n; ++i)
    ss += x[i] * x[i];
  double inv = 1.0 / std::sqrt(ss / n + eps);
  for (int64_t i = 0; i < n; ++i)
    x[i] = x[i] * inv * (weight ? weight[i] : 1.0);
}

/// Indices of the k largest values, sorted descending; ties -> lower index.
static std::vector<int64_t> topk(const std::vector<double> &v, int64_t k) {
  std::vector<int64_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](int64_t a, int64_t b) { return v[a] > v[b]; });
  idx.resize(static_cast<size_t>(std::min<int64_t>(k, v.size())));
  return idx;
}

//===----------------------------------------------------------------------===//
// RoPE
//===----------------------------------------------------------------------===//

namespace {
struct Rope {
  bool interleaved = false;
  int64_t dim = 0;
  double attentionFactor = 1.0;
  SmallVector<double> invFreq;

  Rope(RopeAttr attr, const Perturbations &perturb) {
    interleaved = attr.getPairing() == RopePairing::Interleaved;
    if (perturb.ropeHalfSplit)
      interleaved = false;
    if (perturb.ropeInterleaved)
      interleaved = true;
    dim = attr.getDim();
    attentionFactor = attr.getAttentionFactorValue();
    invFreq = attr.getInvFreq();
  }

  /// Rotates the first `dim` values of x at position `pos`.
  void apply(double *x, int64_t pos) const {
    int64_t half = dim / 2;
    for (int64_t j = 0; j < half; ++j) {
      double angle = static_cast<double>(pos) * invFreq[j];
      double c = std::cos(angle) * attentionFactor;
      double s = std::sin(angle) * attentionFactor;
      int64_t a = interleaved ? 2 * j : j;
      int64_t b = interleaved ? 2 * j + 1 : j + half;
      double x0 = x[a], x1 = x[b];
      x[a] = x0 * c - x1 * s;
      x[b] = x1 * c + x0 * s;
    }
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Executor
//===----------------------------------------------------------------------===//

namespace mlir {
namespace moe {
namespace interp {
struct Executor {
  explicit Executor(Interpreter &i) : interp(i) {}
  Interpreter &interp;
  llvm::DenseMap<Value, TensorPtr> env;
  std::string error;

  bool fail(Operation *op, const std::string &msg) {
    std::string loc;
    llvm::raw_string_ostream os(loc);
    op->getLoc().print(os);
    error = op->getName().getStringRef().str() + " at " + loc + ": " + msg;
    return false;
  }

  const Tensor &get(Value v) { return *env.lookup(v); }
  const Tensor *getOpt(Value v) { return v ? env.lookup(v).get() : nullptr; }
  void set(Value v, Tensor t) {
    env[v] = std::make_shared<const Tensor>(std::move(t));
  }

  bool runOp(Operation *op);
  bool attention(AttentionOp op);
  bool mla(MLAAttentionOp op);
  /// `moe.router`'s math for any routing op: sets its ids and weights.
  bool route(RoutingOpInterface op);
  /// `moe.dispatch`'s math: rows (scaled by `w` when given), counts, perm.
  bool dispatch(Operation *op, const Tensor &x, const Tensor &ids,
                const Tensor *w, int64_t numExperts, Tensor &rows,
                Tensor &counts, Tensor &perm);
  bool routeDispatch(RouteDispatchOp op);
  bool experts(ExpertsOp op);
  Tensor swiglu(const Tensor &x, const Tensor &g, const Tensor &u,
                const Tensor &d);
  void attend(Interpreter::LayerCache &cache, const Tensor &q,
              const std::vector<int64_t> &pos, const std::vector<int64_t> &seq,
              int64_t heads, int64_t kvHeads, int64_t kDim, int64_t vDim,
              double scale, bool causal, int64_t window, int64_t chunk,
              const Tensor *sinks, Tensor &out);
};
} // namespace interp
} // namespace moe
} // namespace mlir

static std::vector<int64_t> toInts(const Tensor &t) {
  std::vector<int64_t> r(t.data.size());
  for (size_t i = 0; i < r.size(); ++i)
    r[i] = static_cast<int64_t>(t.data[i]);
  return r;
}

/// Appends (replacing same position) the tokens' K/V, then attends each
/// query over its sequence's cached entries.
void Executor::attend(Interpreter::LayerCache &cache, const Tensor &q,
                      const std::vector<int64_t> &pos,
                      const std::vector<int64_t> &seq, int64_t heads,
                      int64_t kvHeads, int64_t kDim, int64_t vDim, double scale,
                      bool causal, int64_t window, int64_t chunk,
                      const Tensor *sinks, Tensor &out) {
  int64_t T = static_cast<int64_t>(pos.size());
  int64_t rep = heads / kvHeads;
  out = Tensor({T, heads * vDim});
  for (int64_t t = 0; t < T; ++t) {
    auto &entries = cache[seq[t]];
    std::vector<const Interpreter::CacheEntry *> keys;
    for (auto &e : entries) {
      if (causal && e.position > pos[t])
        continue;
      if (window > 0 && e.position <= pos[t] - window)
        continue;
      if (chunk > 0 && (e.position / chunk) != (pos[t] / chunk))
        continue;
      keys.push_back(&e);
    }
    for (int64_t h = 0; h < heads; ++h) {
      int64_t kh = h / rep;
      const double *qh = &q.data[(t * heads + h) * kDim];
      std::vector<double> s(keys.size());
      double mx = -std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < keys.size(); ++j) {
        const double *kv = &keys[j]->k[kh * kDim];
        double dot = 0;
        for (int64_t d = 0; d < kDim; ++d)
          dot += qh[d] * kv[d];
        s[j] = dot * scale;
        mx = std::max(mx, s[j]);
      }
      bool useSink = sinks && !interp.perturb_.noSinks;
      double sink = useSink ? sinks->data[h] : 0;
      if (useSink)
        mx = std::max(mx, sink);
      double denom = 0;
      for (double &v : s) {
        v = std::exp(v - mx);
        denom += v;
      }
      if (useSink)
        denom += std::exp(sink - mx);
      double *o = &out.data[(t * heads + h) * vDim];
      for (size_t j = 0; j < keys.size(); ++j) {
        double p = s[j] / denom;
        const double *vv = &keys[j]->v[kh * vDim];
        for (int64_t d = 0; d < vDim; ++d)
          o[d] += p * vv[d];
      }
    }
  }
}

static void appendCache(Interpreter::LayerCache &cache, int64_t seq,
                        int64_t pos, std::vector<double> k,
                        std::vector<double> v) {
  auto &entries = cache[seq];
  for (auto &e : entries)
    if (e.position == pos) {
      e.k = std::move(k);
      e.v = std::move(v);
      return;
    }
  entries.push_back({pos, std::move(k), std::move(v)});
}

bool Executor::attention(AttentionOp op) {
  const Tensor &x = get(op.getInput());
  std::vector<int64_t> pos = toInts(get(op.getPositions()));
  std::vector<int64_t> seq = toInts(get(op.getSequences()));
  int64_t T = x.dim(0);
  int64_t nh = op.getNumHeads(), nkv = op.getNumKvHeads(), hd = op.getHeadDim();
  Tensor q = linear(x, get(op.getQWeight()), getOpt(op.getQBias()));
  Tensor k = linear(x, get(op.getKWeight()), getOpt(op.getKBias()));
  Tensor v = linear(x, get(op.getVWeight()), getOpt(op.getVBias()));
  if (FloatAttr clip = op.getClipQkvAttr()) {
    double c = clip.getValueAsDouble();
    for (Tensor *t : {&q, &k, &v})
      for (double &e : t->data)
        e = std::clamp(e, -c, c);
  }
  double eps = op.getQkNormEps().convertToDouble();
  QKNorm norm = op.getQkNorm();
  const Tensor *qn = getOpt(op.getQNormWeight());
  const Tensor *kn = getOpt(op.getKNormWeight());
  if (norm == QKNorm::PerHead) {
    for (int64_t r = 0; r < T * nh; ++r)
      rmsNormSpan(&q.data[r * hd], hd, qn ? qn->data.data() : nullptr, eps);
    for (int64_t r = 0; r < T * nkv; ++r)
      rmsNormSpan(&k.data[r * hd], hd, kn ? kn->data.data() : nullptr, eps);
  } else if (norm == QKNorm::FullWidth) {
    for (int64_t t = 0; t < T; ++t) {
      rmsNormSpan(&q.data[t * nh * hd], nh * hd, qn ? qn->data.data() : nullptr,
                  eps);
      rmsNormSpan(&k.data[t * nkv * hd], nkv * hd,
                  kn ? kn->data.data() : nullptr, eps);
    }
  }
  if (RopeAttr ropeAttr = op.getRopeAttr()) {
    Rope rope(ropeAttr, interp.perturb_);
    for (int64_t t = 0; t < T; ++t) {
      for (int64_t h = 0; h < nh; ++h)
        rope.apply(&q.data[(t * nh + h) * hd], pos[t]);
      for (int64_t h = 0; h < nkv; ++h)
        rope.apply(&k.data[(t * nkv + h) * hd], pos[t]);
    }
  }
  if (norm == QKNorm::L2AfterRope) {
    for (int64_t r = 0; r < T * nh; ++r)
      rmsNormSpan(&q.data[r * hd], hd, nullptr, eps);
    for (int64_t r = 0; r < T * nkv; ++r)
      rmsNormSpan(&k.data[r * hd], hd, nullptr, eps);
  }
  FloatAttr floorScale = op.getTemperatureFloorScaleAttr();
  FloatAttr tempScale = op.getTemperatureScaleAttr();
  if (floorScale && tempScale) {
    double fs = floorScale.getValueAsDouble();
    double ts = tempScale.getValueAsDouble();
    for (int64_t t = 0; t < T; ++t) {
      double m = std::log1p(std::floor((pos[t] + 1) / fs)) * ts + 1.0;
      for (int64_t i = 0; i < nh * hd; ++i)
        q.data[t * nh * hd + i] *= m;
    }
  }
  auto &cache = interp.cache_[op.getLayer()];
  for (int64_t t = 0; t < T; ++t)
    appendCache(cache, seq[t], pos[t],
                std::vector<double>(k.data.begin() + t * nkv * hd,
                                    k.data.begin() + (t + 1) * nkv * hd),
                std::vector<double>(v.data.begin() + t * nkv * hd,
                                    v.data.begin() + (t + 1) * nkv * hd));
  Tensor o;
  attend(cache, q, pos, seq, nh, nkv, hd, hd,
         op.getScaleAttr().getValueAsDouble(), op.getCausal(),
         op.getSlidingWindow(), op.getChunkSize(), getOpt(op.getSinks()), o);
  set(op.getResult(), linear(o, get(op.getOWeight()), getOpt(op.getOBias())));
  return true;
}

bool Executor::mla(MLAAttentionOp op) {
  const Tensor &x = get(op.getInput());
  std::vector<int64_t> pos = toInts(get(op.getPositions()));
  std::vector<int64_t> seq = toInts(get(op.getSequences()));
  int64_t T = x.dim(0);
  int64_t nh = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
          rd = op.getQkRopeHeadDim(), vd = op.getVHeadDim(),
          lora = op.getKvLoraRank();
  double eps = op.getNormEps().convertToDouble();
  Tensor q;
  if (op.getQLoraRank() > 0) {
    Tensor cq = linear(x, get(op.getQAWeight()), nullptr);
    int64_t r = cq.dim(-1);
    for (int64_t t = 0; t < T; ++t)
      rmsNormSpan(&cq.data[t * r], r, get(op.getQANormWeight()).data.data(),
                  eps);
    q = linear(cq, get(op.getQBWeight()), nullptr);
  } else {
    q = linear(x, get(op.getQWeight()), nullptr);
  }
  int64_t qk = nope + rd;
  Tensor ckv = linear(x, get(op.getKvAWeight()), nullptr);
  Rope rope(op.getRope(), interp.perturb_);
  Tensor latent({T, lora});
  std::vector<double> kRot(T * rd);
  for (int64_t t = 0; t < T; ++t) {
    std::copy(&ckv.data[t * (lora + rd)], &ckv.data[t * (lora + rd) + lora],
              &latent.data[t * lora]);
    rmsNormSpan(&latent.data[t * lora], lora,
                get(op.getKvANormWeight()).data.data(), eps);
    std::copy(&ckv.data[t * (lora + rd) + lora],
              &ckv.data[(t + 1) * (lora + rd)], &kRot[t * rd]);
    rope.apply(&kRot[t * rd], pos[t]);
    for (int64_t h = 0; h < nh; ++h)
      rope.apply(&q.data[(t * nh + h) * qk + nope], pos[t]);
  }
  auto &cache = interp.cache_[op.getLayer()];
  if (op.isAbsorbed()) {
    // HF_MATH 14: one shared KV head [c_kv | k_rot] (values: c_kv); queries
    // [q_nope W_UK | q_rot] per head; outputs through W_UV.
    const Tensor &wUk = get(op.getWUk()), &wUv = get(op.getWUv());
    int64_t kd = lora + rd;
    Tensor qAbs({T, nh * kd});
    for (int64_t t = 0; t < T; ++t) {
      std::vector<double> k(kd), v(lora);
      std::copy(&latent.data[t * lora], &latent.data[(t + 1) * lora],
                k.begin());
      std::copy(&kRot[t * rd], &kRot[(t + 1) * rd], k.begin() + lora);
      std::copy(k.begin(), k.begin() + lora, v.begin());
      appendCache(cache, seq[t], pos[t], std::move(k), std::move(v));
      for (int64_t h = 0; h < nh; ++h) {
        const double *qh = &q.data[(t * nh + h) * qk];
        double *out = &qAbs.data[(t * nh + h) * kd];
        for (int64_t d = 0; d < nope; ++d)
          for (int64_t c = 0; c < lora; ++c)
            out[c] += qh[d] * wUk.data[(h * nope + d) * lora + c];
        std::copy(qh + nope, qh + qk, out + lora);
      }
    }
    Tensor oLat;
    attend(cache, qAbs, pos, seq, nh, 1, kd, lora,
           op.getScaleAttr().getValueAsDouble(), /*causal=*/true, 0, 0,
           nullptr, oLat);
    Tensor o({T, nh * vd});
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < nh; ++h)
        for (int64_t e = 0; e < vd; ++e) {
          double acc = 0;
          for (int64_t c = 0; c < lora; ++c)
            acc += wUv.data[(h * vd + e) * lora + c] *
                   oLat.data[(t * nh + h) * lora + c];
          o.data[(t * nh + h) * vd + e] = acc;
        }
    set(op.getResult(), linear(o, get(op.getOWeight()), nullptr));
    return true;
  }
  Tensor kv = linear(latent, get(op.getKvBWeight()), nullptr);
  for (int64_t t = 0; t < T; ++t) {
    std::vector<double> k(nh * qk), v(nh * vd);
    for (int64_t h = 0; h < nh; ++h) {
      const double *src = &kv.data[(t * nh + h) * (nope + vd)];
      std::copy(src, src + nope, &k[h * qk]);
      std::copy(&kRot[t * rd], &kRot[(t + 1) * rd], &k[h * qk + nope]);
      std::copy(src + nope, src + nope + vd, &v[h * vd]);
    }
    appendCache(cache, seq[t], pos[t], std::move(k), std::move(v));
  }
  Tensor o;
  attend(cache, q, pos, seq, nh, nh, qk, vd,
         op.getScaleAttr().getValueAsDouble(), /*causal=*/true, 0, 0, nullptr,
         o);
  set(op.getResult(), linear(o, get(op.getOWeight()), nullptr));
  return true;
}

bool Executor::route(RoutingOpInterface op) {
  const Tensor &x = get(op.getInput());
  Tensor logits = linear(x, get(op.getWeight()), getOpt(op.getBias()));
  const Tensor *corr = getOpt(op.getCorrectionBias());
  int64_t T = x.dim(0), E = logits.dim(-1), K = op.getTopK();
  int64_t nGroup = op.getNGroup(), topkGroup = op.getTopkGroup();
  RouterScoring scoring = op.getScoring();
  Tensor ids({T, K}), weights({T, K});
  const double ninf = -std::numeric_limits<double>::infinity();
  for (int64_t t = 0; t < T; ++t) {
    std::vector<double> l(&logits.data[t * E], &logits.data[(t + 1) * E]);
    std::vector<double> s(E), sel(E);
    if (scoring == RouterScoring::Softmax) {
      double mx = *std::max_element(l.begin(), l.end()), sum = 0;
      for (int64_t e = 0; e < E; ++e)
        sum += (s[e] = std::exp(l[e] - mx));
      for (double &v : s)
        v /= sum;
    } else if (scoring == RouterScoring::Sigmoid) {
      for (int64_t e = 0; e < E; ++e)
        s[e] = sigmoid(l[e]);
    } else {
      s = l;
    }
    for (int64_t e = 0; e < E; ++e)
      sel[e] = s[e] + (corr ? corr->data[e] : 0.0);
    if (nGroup > 1) {
      int64_t gs = E / nGroup;
      std::vector<double> gscore(nGroup);
      for (int64_t g = 0; g < nGroup; ++g) {
        std::vector<double> grp(sel.begin() + g * gs,
                                sel.begin() + (g + 1) * gs);
        std::sort(grp.begin(), grp.end(), std::greater<double>());
        gscore[g] = op.getGroupScore() == GroupScore::Top2Sum
                        ? grp[0] + (gs > 1 ? grp[1] : 0.0)
                        : grp[0];
      }
      std::vector<int64_t> keep = topk(gscore, topkGroup);
      for (int64_t g = 0; g < nGroup; ++g)
        if (std::find(keep.begin(), keep.end(), g) == keep.end())
          for (int64_t e = g * gs; e < (g + 1) * gs; ++e)
            sel[e] = ninf;
    }
    std::vector<int64_t> idx = topk(sel, K);
    std::vector<double> w(K);
    for (int64_t k = 0; k < K; ++k) {
      int64_t e = idx[k];
      switch (scoring) {
      case RouterScoring::Softmax:
      case RouterScoring::Sigmoid:
        w[k] = interp.perturb_.biasedRouterWeights ? sel[e] : s[e];
        break;
      case RouterScoring::SigmoidTopK:
        w[k] = sigmoid(l[e]);
        break;
      case RouterScoring::SoftmaxTopK:
        w[k] = l[e];
        break;
      }
    }
    if (scoring == RouterScoring::SoftmaxTopK) {
      double mx = *std::max_element(w.begin(), w.end()), sum = 0;
      for (double &v : w)
        sum += (v = std::exp(v - mx));
      for (double &v : w)
        v /= sum;
    }
    if (op.getRenorm() == RouterRenorm::Sum && !interp.perturb_.noRenorm) {
      double sum = std::accumulate(w.begin(), w.end(), 0.0);
      for (double &v : w)
        v /= (sum + op.getRenormEps().convertToDouble());
    }
    double rsf = op.getRoutedScalingFactor().convertToDouble();
    for (int64_t k = 0; k < K; ++k) {
      ids.data[t * K + k] = static_cast<double>(idx[k]);
      weights.data[t * K + k] = w[k] * rsf;
    }
  }
  set(op.getExpertIds(), std::move(ids));
  set(op.getWeights(), std::move(weights));
  return true;
}

bool Executor::dispatch(Operation *op, const Tensor &x, const Tensor &ids,
                        const Tensor *w, int64_t numExperts, Tensor &rows,
                        Tensor &counts, Tensor &perm) {
  int64_t T = x.dim(0), H = x.dim(-1), K = ids.dim(-1), E = numExperts;
  counts = Tensor({E});
  perm = Tensor({T * K});
  rows = Tensor({T * K, H});
  int64_t r = 0;
  for (int64_t e = 0; e < E; ++e)
    for (int64_t tk = 0; tk < T * K; ++tk) {
      if (static_cast<int64_t>(ids.data[tk]) != e)
        continue;
      counts.data[e] += 1;
      perm.data[r] = static_cast<double>(tk);
      double scale = w ? w->data[tk] : 1.0;
      for (int64_t c = 0; c < H; ++c)
        rows.data[r * H + c] = x.data[(tk / K) * H + c] * scale;
      ++r;
    }
  if (r != T * K)
    return fail(op, "expert id out of range [0, " + std::to_string(E) + ")");
  return true;
}

bool Executor::routeDispatch(RouteDispatchOp op) {
  if (!route(op))
    return false;
  const Tensor &ids = get(op.getExpertIds());
  Tensor rows, counts, perm;
  if (!dispatch(op, get(op.getInput()), ids,
                op.getScaleRows() ? &get(op.getWeights()) : nullptr,
                op.getNumExperts(), rows, counts, perm))
    return false;
  int64_t E = op.getNumExperts(), R = ids.data.size();
  Tensor offsets({E + 1}), inverse({R});
  for (int64_t e = 0; e < E; ++e)
    offsets.data[e + 1] = offsets.data[e] + counts.data[e];
  for (int64_t r = 0; r < R; ++r)
    inverse.data[static_cast<int64_t>(perm.data[r])] = static_cast<double>(r);
  set(op.getRows(), std::move(rows));
  set(op.getTokensPerExpert(), std::move(counts));
  set(op.getOffsets(), std::move(offsets));
  set(op.getPermutation(), std::move(perm));
  set(op.getInverse(), std::move(inverse));
  return true;
}

Tensor Executor::swiglu(const Tensor &x, const Tensor &g, const Tensor &u,
                        const Tensor &d) {
  Tensor gate = linear(x, g, nullptr), up = linear(x, u, nullptr);
  for (size_t i = 0; i < gate.data.size(); ++i)
    gate.data[i] = silu(gate.data[i]) * up.data[i];
  return linear(gate, d, nullptr);
}

bool Executor::experts(ExpertsOp op) {
  const Tensor &rows = get(op.getRows());
  std::vector<int64_t> counts = toInts(get(op.getTokensPerExpert()));
  const Tensor &down = get(op.getDownWeight());
  const Tensor *gateUp = getOpt(op.getGateUpWeight());
  const Tensor *gateW = getOpt(op.getGateWeight());
  const Tensor *upW = getOpt(op.getUpWeight());
  const Tensor *guBias = getOpt(op.getGateUpBias());
  const Tensor *dBias = getOpt(op.getDownBias());
  bool guInOut = op.getGateUpLayout() == WeightLayout::InOut;
  bool dInOut = op.getDownLayout() == WeightLayout::InOut;
  bool interleaved = op.getGateUpFusion() == GateUpFusion::Interleaved;
  bool clamped = op.getActivation() == ExpertActivation::ClampedSwiGLU;
  double alpha = op.getAlpha().convertToDouble();
  double limit = op.getLimit().convertToDouble();
  int64_t E = down.dim(0), H = rows.dim(-1);
  int64_t I = dInOut ? down.dim(1) : down.dim(2);
  // Element (o, i) of expert e's matrix with `out`, `in` extents.
  auto at = [](const Tensor &w, int64_t e, int64_t o, int64_t i, int64_t out,
               int64_t in, bool inOut) {
    return inOut ? w.data[(e * in + i) * out + o]
                 : w.data[(e * out + o) * in + i];
  };
  Tensor result({rows.dim(0), H});
  int64_t r0 = 0;
  for (int64_t e = 0; e < E; ++e) {
    for (int64_t r = r0; r < r0 + counts[e]; ++r) {
      const double *x = &rows.data[r * H];
      std::vector<double> h(I);
      for (int64_t i = 0; i < I; ++i) {
        double g = 0, u = 0;
        if (gateUp) {
          int64_t gi = interleaved ? 2 * i : i;
          int64_t ui = interleaved ? 2 * i + 1 : I + i;
          for (int64_t c = 0; c < H; ++c) {
            g += x[c] * at(*gateUp, e, gi, c, 2 * I, H, guInOut);
            u += x[c] * at(*gateUp, e, ui, c, 2 * I, H, guInOut);
          }
          if (guBias) {
            g += guBias->data[e * 2 * I + gi];
            u += guBias->data[e * 2 * I + ui];
          }
        } else {
          for (int64_t c = 0; c < H; ++c) {
            g += x[c] * at(*gateW, e, i, c, I, H, guInOut);
            u += x[c] * at(*upW, e, i, c, I, H, guInOut);
          }
        }
        if (clamped) {
          g = std::min(g, limit);
          u = std::clamp(u, -limit, limit);
          h[i] = (u + 1) * g * sigmoid(alpha * g);
        } else {
          h[i] = silu(g) * u;
        }
      }
      for (int64_t o = 0; o < H; ++o) {
        double acc = 0;
        for (int64_t i = 0; i < I; ++i)
          acc += h[i] * at(down, e, o, i, H, I, dInOut);
        if (dBias)
          acc += dBias->data[e * H + o];
        result.data[r * H + o] = acc;
      }
    }
    r0 += counts[e];
  }
  if (r0 != rows.dim(0))
    return fail(op, "tokens_per_expert does not sum to the row count");
  set(op.getResult(), std::move(result));
  return true;
}

bool Executor::runOp(Operation *op) {
  if (auto w = dyn_cast<WeightOp>(op)) {
    auto it = interp.weights_.find(w.getParam().str());
    if (it == interp.weights_.end())
      return fail(op, "parameter '" + w.getParam().str() + "' is not bound");
    env[w.getResult()] = it->second;
    return true;
  }
  if (auto e = dyn_cast<EmbeddingOp>(op)) {
    const Tensor &table = get(e.getTable());
    std::vector<int64_t> tok = toInts(get(e.getTokens()));
    int64_t V = table.dim(0), H = table.dim(1);
    Tensor y({static_cast<int64_t>(tok.size()), H});
    for (size_t t = 0; t < tok.size(); ++t) {
      if (tok[t] < 0 || tok[t] >= V)
        return fail(op, "token id " + std::to_string(tok[t]) +
                            " out of range [0, " + std::to_string(V) + ")");
      std::copy(&table.data[tok[t] * H], &table.data[(tok[t] + 1) * H],
                &y.data[t * H]);
    }
    set(e.getResult(), std::move(y));
    return true;
  }
  if (auto n = dyn_cast<RMSNormOp>(op)) {
    Tensor y = get(n.getInput());
    const Tensor *w = getOpt(n.getWeight());
    int64_t d = y.dim(-1);
    for (int64_t r = 0; r < y.numElements() / d; ++r)
      rmsNormSpan(&y.data[r * d], d, w ? w->data.data() : nullptr,
                  n.getEps().convertToDouble());
    set(n.getResult(), std::move(y));
    return true;
  }
  if (auto n = dyn_cast<LayerNormOp>(op)) {
    Tensor y = get(n.getInput());
    const Tensor *w = getOpt(n.getWeight());
    const Tensor *b = getOpt(n.getBias());
    double eps = n.getEps().convertToDouble();
    int64_t d = y.dim(-1);
    for (int64_t r = 0; r < y.numElements() / d; ++r) {
      double *x = &y.data[r * d];
      double mean = 0, var = 0;
      for (int64_t i = 0; i < d; ++i)
        mean += x[i];
      mean /= d;
      for (int64_t i = 0; i < d; ++i)
        var += (x[i] - mean) * (x[i] - mean);
      var /= d;
      double inv = 1.0 / std::sqrt(var + eps);
      for (int64_t i = 0; i < d; ++i)
        x[i] = (x[i] - mean) * inv * (w ? w->data[i] : 1.0) +
               (b ? b->data[i] : 0.0);
    }
    set(n.getResult(), std::move(y));
    return true;
  }
  if (auto l = dyn_cast<LinearOp>(op)) {
    set(l.getResult(),
        linear(get(l.getInput()), get(l.getWeight()), getOpt(l.getBias())));
    return true;
  }
  if (auto l = dyn_cast<LMHeadOp>(op)) {
    set(l.getLogits(), linear(get(l.getInput()), get(l.getWeight()), nullptr));
    return true;
  }
  if (auto r = dyn_cast<RopeOp>(op)) {
    Tensor y = get(r.getInput());
    std::vector<int64_t> pos = toInts(get(r.getPositions()));
    Rope rope(r.getRope(), interp.perturb_);
    int64_t d = y.dim(-1), T = y.dim(0);
    int64_t perTok = y.numElements() / std::max<int64_t>(T, 1);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < perTok / d; ++h)
        rope.apply(&y.data[t * perTok + h * d], pos[t]);
    set(r.getResult(), std::move(y));
    return true;
  }
  if (auto a = dyn_cast<AddOp>(op)) {
    Tensor y = get(a.getLhs());
    const Tensor &b = get(a.getRhs());
    if (b.data.size() != y.data.size())
      return fail(op, "operand sizes differ");
    for (size_t i = 0; i < y.data.size(); ++i)
      y.data[i] += b.data[i];
    set(a.getResult(), std::move(y));
    return true;
  }
  if (auto a = dyn_cast<AttentionOp>(op))
    return attention(a);
  if (auto a = dyn_cast<MLAAttentionOp>(op))
    return mla(a);
  if (auto r = dyn_cast<RouterOp>(op))
    return route(r);
  if (auto d = dyn_cast<DispatchOp>(op)) {
    Tensor rows, counts, perm;
    if (!dispatch(op, get(d.getInput()), get(d.getExpertIds()),
                  getOpt(d.getWeights()), d.getNumExperts(), rows, counts,
                  perm))
      return false;
    set(d.getRows(), std::move(rows));
    set(d.getTokensPerExpert(), std::move(counts));
    set(d.getPermutation(), std::move(perm));
    return true;
  }
  if (auto rd = dyn_cast<RouteDispatchOp>(op))
    return routeDispatch(rd);
  if (auto x = dyn_cast<ExpertsOp>(op))
    return experts(x);
  if (auto c = dyn_cast<CombineOp>(op)) {
    const Tensor &rows = get(c.getRows());
    std::vector<int64_t> perm = toInts(get(c.getPermutation()));
    const Tensor *w = getOpt(c.getWeights());
    int64_t K = c.getTopK(), R = rows.dim(0), H = rows.dim(-1);
    int64_t T = R / K;
    std::vector<int64_t> inv(R, -1);
    for (int64_t r = 0; r < R; ++r)
      if (perm[r] >= 0 && perm[r] < R)
        inv[perm[r]] = r;
    Tensor y({T, H});
    for (int64_t t = 0; t < T; ++t)
      for (int64_t k = 0; k < K; ++k) {
        int64_t r = inv[t * K + k];
        if (r < 0)
          return fail(op, "permutation is not a bijection");
        double wt = w ? w->data[t * K + k] : 1.0;
        for (int64_t c2 = 0; c2 < H; ++c2)
          y.data[t * H + c2] += wt * rows.data[r * H + c2];
      }
    set(c.getResult(), std::move(y));
    return true;
  }
  if (auto m = dyn_cast<MLPOp>(op)) {
    set(m.getResult(), swiglu(get(m.getInput()), get(m.getGateWeight()),
                              get(m.getUpWeight()), get(m.getDownWeight())));
    return true;
  }
  if (auto s = dyn_cast<SharedExpertOp>(op)) {
    const Tensor &x = get(s.getInput());
    Tensor y = swiglu(x, get(s.getGateWeight()), get(s.getUpWeight()),
                      get(s.getDownWeight()));
    if (const Tensor *g = getOpt(s.getExpertGateWeight())) {
      Tensor gl = linear(x, *g, nullptr);
      int64_t H = y.dim(-1);
      for (int64_t t = 0; t < y.numElements() / H; ++t)
        for (int64_t c = 0; c < H; ++c)
          y.data[t * H + c] *= sigmoid(gl.data[t]);
    }
    set(s.getResult(), std::move(y));
    return true;
  }
  if (auto s = dyn_cast<tensor::ExtractSliceOp>(op)) {
    const Tensor &src = get(s.getSource());
    ArrayRef<int64_t> offs = s.getStaticOffsets(), sizes = s.getStaticSizes(),
                      strides = s.getStaticStrides();
    for (ArrayRef<int64_t> a : {offs, sizes, strides})
      for (int64_t v : a)
        if (ShapedType::isDynamic(v))
          return fail(op, "only static slices are supported");
    if (s.getSourceType().getRank() != static_cast<int64_t>(sizes.size()))
      return fail(op, "rank-reducing slices are not supported");
    int64_t rank = static_cast<int64_t>(sizes.size());
    Tensor y(std::vector<int64_t>(sizes.begin(), sizes.end()));
    std::vector<int64_t> srcStride(rank, 1);
    for (int64_t i = rank - 2; i >= 0; --i)
      srcStride[i] = srcStride[i + 1] * src.shape[i + 1];
    for (int64_t lin = 0; lin < y.numElements(); ++lin) {
      int64_t rem = lin, off = 0;
      for (int64_t i = rank - 1; i >= 0; --i) {
        int64_t idx = rem % sizes[i];
        rem /= sizes[i];
        off += (offs[i] + idx * strides[i]) * srcStride[i];
      }
      y.data[lin] = src.data[off];
    }
    Value result = s.getResult();
    auto rt = cast<RankedTensorType>(result.getType());
    y.shape.assign(rt.getShape().begin(), rt.getShape().end());
    set(result, std::move(y));
    return true;
  }
  if (auto e = dyn_cast<tensor::ExpandShapeOp>(op)) {
    Tensor y = get(e.getSrc());
    auto rt = e.getResultType();
    if (!rt.hasStaticShape())
      return fail(op, "only static expand_shape is supported");
    y.shape.assign(rt.getShape().begin(), rt.getShape().end());
    set(e.getResult(), std::move(y));
    return true;
  }
  if (auto c = dyn_cast<tensor::CollapseShapeOp>(op)) {
    Tensor y = get(c.getSrc());
    auto rt = c.getResultType();
    if (!rt.hasStaticShape())
      return fail(op, "only static collapse_shape is supported");
    y.shape.assign(rt.getShape().begin(), rt.getShape().end());
    set(c.getResult(), std::move(y));
    return true;
  }
  if (isa<EPDispatchOp, EPCombineOp, LocalExpertsOp>(op))
    return fail(op, "expert-parallel ops are not interpreted (they are "
                    "collectives over ranks): interpret the module before "
                    "moe-expert-parallel, or run it compiled under mpirun");
  return fail(op, "op not supported by the interpreter");
}

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

std::unique_ptr<Interpreter>
Interpreter::create(ModuleOp module,
                    const std::vector<const ::moe::safetensors::File *> &files,
                    std::string &error) {
  // Shapes and attributes are the verifier's job; the executor relies on it
  // and checks only what depends on run-time data (token and expert ids).
  if (failed(verify(module))) {
    error = "the module does not verify (see the diagnostics above)";
    return nullptr;
  }
  std::unique_ptr<Interpreter> interp(new Interpreter());
  interp->module_ = module;
  auto fn = module.lookupSymbol<func::FuncOp>("forward");
  if (!fn) {
    error = "module has no func.func @forward";
    return nullptr;
  }
  if (fn.getNumArguments() != 3 || fn.getNumResults() != 1) {
    error = "@forward must take (tokens, positions, sequences) and return "
            "logits";
    return nullptr;
  }
  interp->forward_ = fn;
  auto findTensor =
      [&](const std::string &name) -> const ::moe::safetensors::TensorView * {
    for (auto *f : files)
      if (auto *t = f->find(name))
        return t;
    return nullptr;
  };
  std::string where =
      files.empty() ? std::string("<no weights>") : files.front()->path();
  for (auto param : module.getOps<ParamOp>()) {
    std::string name = param.getSymName().str();
    RankedTensorType type = param.getTensorType();
    ArrayRef<int64_t> want = type.getShape();
    auto tensor = std::make_shared<Tensor>(
        std::vector<int64_t>(want.begin(), want.end()));
    auto check = [&](const ::moe::safetensors::TensorView *t,
                     const std::string &tname, ArrayRef<int64_t> expect) {
      if (!t) {
        error = where + ": tensor '" + tname + "' (param @\"" + name +
                "\") is missing";
        return false;
      }
      if (ArrayRef<int64_t>(t->shape) != expect) {
        error = where + ": tensor '" + tname + "' has shape " +
                shapeStr(t->shape) + ", expected " + shapeStr(expect) +
                " (param @\"" + name + "\")";
        return false;
      }
      return true;
    };
    if (param.isExpertStack()) {
      if (want.empty()) {
        error = "param @\"" + name + "\" stacks experts but has rank 0";
        return nullptr;
      }
      size_t star = name.find('*');
      int64_t per = tensor->numElements() / std::max<int64_t>(want[0], 1);
      for (int64_t e = 0; e < want[0]; ++e) {
        std::string tname =
            name.substr(0, star) + std::to_string(e) + name.substr(star + 1);
        const auto *t = findTensor(tname);
        if (!check(t, tname, want.drop_front()))
          return nullptr;
        std::vector<double> vals = t->toDoubles();
        std::copy(vals.begin(), vals.end(), tensor->data.begin() + e * per);
      }
    } else {
      const auto *t = findTensor(name);
      if (!check(t, name, want))
        return nullptr;
      tensor->data = t->toDoubles();
    }
    interp->weights_[name] = std::move(tensor);
  }
  return interp;
}

void Interpreter::resetCache() { cache_.clear(); }

bool Interpreter::run(const std::vector<int64_t> &tokens,
                      const std::vector<int64_t> &positions,
                      const std::vector<int64_t> &sequences, Tensor &logits,
                      std::string &error) {
  if (tokens.size() != positions.size() || tokens.size() != sequences.size()) {
    error = "tokens, positions and sequences differ in length";
    return false;
  }
  auto fn = cast<func::FuncOp>(forward_);
  Executor ex(*this);
  int64_t T = static_cast<int64_t>(tokens.size());
  const std::vector<int64_t> *args[3] = {&tokens, &positions, &sequences};
  for (int i = 0; i < 3; ++i) {
    Tensor t({T});
    for (int64_t j = 0; j < T; ++j)
      t.data[j] = static_cast<double>((*args[i])[j]);
    ex.set(fn.getArgument(i), std::move(t));
  }
  for (Operation &op : fn.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      logits = ex.get(ret.getOperand(0));
      return true;
    }
    if (!ex.runOp(&op)) {
      error = ex.error;
      return false;
    }
  }
  error = "@forward has no func.return";
  return false;
}
