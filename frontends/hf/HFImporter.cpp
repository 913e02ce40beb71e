//===- HFImporter.cpp - Hugging Face config.json -> moe dialect -----------===//
//
// Every rule of shared/HF_MATH.md that changes the graph is decided here from
// the config and stated in the IR: layer schedule, attention kind and scale,
// RoPE pairing and scaling, QK-norm, sliding/chunked/sink layers, biases,
// router variant, shared experts and their gate, tied embeddings.
//
//===----------------------------------------------------------------------===//

#include "frontends/hf/HFImporter.h"

#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace mlir;
using namespace mlir::moe;
namespace json = llvm::json;

bool mlir::moe::looksLikeHFConfig(StringRef contents) {
  return contents.ltrim().starts_with("{");
}

namespace {

//===----------------------------------------------------------------------===//
// Config reading with one-line errors naming the file and the field.
//===----------------------------------------------------------------------===//

/// The deepest model imported (the deepest published MoE has 94 layers); a
/// larger count is a corrupt config, not a model to build.
constexpr int64_t kMaxLayers = 1024;

/// Reads typed fields of one JSON object. The first error wins; later reads
/// return defaults so parsing code can stay linear and check `failed()` once.
class ConfigReader {
public:
  ConfigReader(StringRef file, const json::Object *obj, std::string prefix,
               std::string *error)
      : file(file), obj(obj), prefix(std::move(prefix)), error(error) {}

  bool failed() const { return !error->empty(); }
  bool has(StringRef key) const {
    const json::Value *v = obj->get(key);
    return v && v->kind() != json::Value::Null;
  }

  void fail(StringRef key, const Twine &expected, const json::Value *got) {
    if (failed())
      return;
    std::string gotText = "nothing";
    if (got)
      gotText = llvm::formatv("{0}", *got).str();
    // One line of reasonable length even for a long array or object.
    if (gotText.size() > 80)
      gotText = gotText.substr(0, 80) + "...";
    *error = (file + ": field '" + prefix + key + "': expected " + expected +
              ", got " + gotText)
                 .str();
  }
  /// An error about a value that parsed but is inconsistent.
  void invalid(StringRef key, const Twine &message) {
    if (!failed())
      *error = (file + ": field '" + prefix + key + "': " + message).str();
  }

  std::optional<int64_t> optInt(StringRef key) {
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return std::nullopt;
    if (std::optional<int64_t> i = v->getAsInteger())
      return i;
    // Configs sometimes write integers as 40.0.
    if (std::optional<double> d = v->getAsNumber();
        d && std::floor(*d) == *d && std::abs(*d) < 9e15)
      return int64_t(*d);
    fail(key, "an integer", v);
    return std::nullopt;
  }
  int64_t reqInt(StringRef key) {
    if (std::optional<int64_t> i = optInt(key))
      return *i;
    if (!has(key))
      fail(key, "an integer", nullptr);
    return 1;
  }
  /// A positive integer up to `max` (2^31 - 1 by default: every size of a
  /// published model is far below it, and products of a few of them stay in
  /// int64).
  int64_t posInt(StringRef key, int64_t max = INT32_MAX) {
    int64_t v = reqInt(key);
    if (v <= 0)
      fail(key, "a positive integer", obj->get(key));
    else if (v > max)
      fail(key, "a positive integer up to " + Twine(max), obj->get(key));
    return v > 0 && v <= max ? v : 1;
  }
  int64_t optPosInt(StringRef key, int64_t def) {
    if (!has(key))
      return def;
    return posInt(key);
  }
  int64_t optNonNegInt(StringRef key, int64_t def) {
    std::optional<int64_t> v = optInt(key);
    if (!v)
      return def;
    if (*v < 0)
      fail(key, "a non-negative integer", obj->get(key));
    return *v < 0 ? def : *v;
  }
  std::optional<double> optNum(StringRef key) {
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return std::nullopt;
    if (std::optional<double> d = v->getAsNumber())
      return d;
    fail(key, "a number", v);
    return std::nullopt;
  }
  double num(StringRef key, double def) { return optNum(key).value_or(def); }
  double reqNum(StringRef key) {
    if (std::optional<double> d = optNum(key))
      return *d;
    if (!has(key))
      fail(key, "a number", nullptr);
    return 1.0;
  }
  double posNum(StringRef key, std::optional<double> def = std::nullopt) {
    double v = def && !has(key) ? *def : reqNum(key);
    if (!(v > 0.0))
      fail(key, "a positive number", obj->get(key));
    return v > 0.0 ? v : 1.0;
  }
  bool flag(StringRef key, bool def) {
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return def;
    if (std::optional<bool> b = v->getAsBoolean())
      return *b;
    fail(key, "true or false", v);
    return def;
  }
  std::optional<std::string> optStr(StringRef key) {
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return std::nullopt;
    if (std::optional<StringRef> s = v->getAsString())
      return s->str();
    fail(key, "a string", v);
    return std::nullopt;
  }
  /// A nested object (or nullopt when absent/null).
  std::optional<ConfigReader> sub(StringRef key) {
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return std::nullopt;
    if (const json::Object *o = v->getAsObject())
      return ConfigReader(file, o, prefix + key.str() + ".", error);
    fail(key, "an object", v);
    return std::nullopt;
  }
  /// A list of integers (or one integer, as eos_token_id allows).
  SmallVector<int64_t> intList(StringRef key) {
    SmallVector<int64_t> out;
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return out;
    if (std::optional<int64_t> i = v->getAsInteger()) {
      out.push_back(*i);
      return out;
    }
    const json::Array *a = v->getAsArray();
    if (!a) {
      fail(key, "an integer or a list of integers", v);
      return out;
    }
    for (const json::Value &e : *a) {
      std::optional<int64_t> i = e.getAsInteger();
      if (!i) {
        fail(key, "a list of integers", v);
        return {};
      }
      out.push_back(*i);
    }
    return out;
  }
  SmallVector<std::string> strList(StringRef key) {
    SmallVector<std::string> out;
    const json::Value *v = obj->get(key);
    if (!v || v->kind() == json::Value::Null)
      return out;
    const json::Array *a = v->getAsArray();
    if (!a) {
      fail(key, "a list of strings", v);
      return out;
    }
    for (const json::Value &e : *a) {
      std::optional<StringRef> s = e.getAsString();
      if (!s) {
        fail(key, "a list of strings", v);
        return {};
      }
      out.push_back(s->str());
    }
    return out;
  }
  const json::Value *raw(StringRef key) const { return obj->get(key); }

private:
  std::string file;
  const json::Object *obj;
  std::string prefix;
  std::string *error;
};

//===----------------------------------------------------------------------===//
// The normalised model description.
//===----------------------------------------------------------------------===//

enum class AttnKind { GQA, MLA };
enum class NormKind { RMS, LayerNoBias };

struct RopeSpec {
  RopePairing pairing = RopePairing::HalfSplit;
  int64_t dim = 0;
  double theta = 10000.0;
  RopeScaling scaling = RopeScaling::None;
  double factor = 1.0;
  int64_t originalMax = 0;
  double betaFast = 32.0, betaSlow = 1.0;
  bool truncate = true;
  double lowFreq = 1.0, highFreq = 4.0;
  double attentionFactor = 1.0;
  // DeepSeek's YaRN softmax-scale correction input (HF yarn_apply_mscale).
  double mscaleAllDim = 0.0;
};

struct LayerPlan {
  bool moe = false;
  bool rope = true;
  int64_t slidingWindow = 0;
  int64_t chunk = 0;
  bool temperatureTuning = false;
};

struct ModelSpec {
  std::string modelType;
  std::string family; // naming/math family: deepseek_v3, qwen3_moe, ...
  int64_t hidden = 0, vocab = 0, numLayers = 0, sourceLayers = 0;
  NormKind normKind = NormKind::RMS;
  double eps = 1e-6;
  bool normMultiplyInF32 = false;
  bool tieEmbeddings = false;
  SmallVector<int64_t> eosIds;
  int64_t mtpLayers = 0;

  // Attention.
  AttnKind attn = AttnKind::GQA;
  int64_t heads = 0, kvHeads = 0, headDim = 0;
  bool qkvBias = false, oBias = false, sinks = false, fusedQKV = false;
  QKNorm qkNorm = QKNorm::None;
  std::optional<double> clipQkv;
  double scale = 1.0;
  RopeSpec rope;
  double floorScale = 0.0, attnScale = 0.0;
  // MLA.
  int64_t qLora = 0, kvLora = 0, nope = 0, ropeDim = 0, vDim = 0;

  // Feed-forward.
  int64_t denseInter = 0, moeInter = 0, experts = 0, topK = 0;
  RouterScoring scoring = RouterScoring::Softmax;
  int64_t nGroup = 1, topkGroup = 1;
  GroupScore groupScore = GroupScore::Max;
  RouterRenorm renorm = RouterRenorm::None;
  double renormEps = 0.0, routedScaling = 1.0;
  bool routerInF32 = false;     // router matmul in f32 (DeepSeek)
  bool routerWeightsF32 = true; // combine weights stay f32
  bool routerBias = false, correctionBias = false;
  int64_t sharedInter = 0;
  bool sharedGated = false;
  bool scaleExpertInput = false; // Llama 4
  ExpertActivation activation = ExpertActivation::SwiGLU;
  double swigluAlpha = 1.702, swigluLimit = 7.0;

  SmallVector<LayerPlan> layers;
};

double yarnGetMscale(double scale, double mscale) {
  if (scale <= 1.0)
    return 1.0;
  return 0.1 * mscale * std::log(scale) + 1.0;
}

/// Reads RoPE base and scaling from `rope_parameters` (transformers v5) or
/// `rope_theta` + `rope_scaling` (v4 configs), per HF_MATH 1.5 / 1.6.
void parseRope(ConfigReader &r, RopeSpec &rope) {
  std::optional<ConfigReader> params = r.sub("rope_parameters");
  std::optional<ConfigReader> scaling = params ? params : r.sub("rope_scaling");
  if (params && params->has("rope_theta"))
    rope.theta = params->posNum("rope_theta");
  else
    rope.theta = r.posNum("rope_theta", 10000.0);
  if (!scaling)
    return;
  std::optional<std::string> type = scaling->optStr("rope_type");
  if (!type)
    type = scaling->optStr("type");
  if (!type || *type == "default")
    return;
  if (*type == "yarn") {
    rope.scaling = RopeScaling::Yarn;
    rope.factor = scaling->posNum("factor");
    rope.originalMax = scaling->has("original_max_position_embeddings")
                           ? scaling->posInt("original_max_position_embeddings")
                           : r.posInt("original_max_position_embeddings");
    // `beta_fast or 32`: a falsy value falls back to the default.
    double bf = scaling->num("beta_fast", 0.0),
           bs = scaling->num("beta_slow", 0.0);
    rope.betaFast = bf != 0.0 ? bf : 32.0;
    rope.betaSlow = bs != 0.0 ? bs : 1.0;
    rope.truncate = scaling->flag("truncate", true);
    double mscale = scaling->num("mscale", 0.0);
    double mscaleAllDim = scaling->num("mscale_all_dim", 0.0);
    rope.mscaleAllDim = mscaleAllDim;
    if (std::optional<double> af = scaling->optNum("attention_factor"))
      rope.attentionFactor = *af;
    else if (mscale != 0.0 && mscaleAllDim != 0.0)
      rope.attentionFactor = yarnGetMscale(rope.factor, mscale) /
                             yarnGetMscale(rope.factor, mscaleAllDim);
    else
      rope.attentionFactor = yarnGetMscale(rope.factor, 1.0);
    return;
  }
  if (*type == "llama3") {
    rope.scaling = RopeScaling::Llama3;
    rope.factor = scaling->posNum("factor");
    rope.lowFreq = scaling->posNum("low_freq_factor");
    rope.highFreq = scaling->posNum("high_freq_factor");
    rope.originalMax = scaling->posInt("original_max_position_embeddings");
    return;
  }
  scaling->fail("rope_type", "'default', 'yarn' or 'llama3'",
                scaling->raw("rope_type") ? scaling->raw("rope_type")
                                          : scaling->raw("type"));
}

//===----------------------------------------------------------------------===//
// Family parsers: config -> ModelSpec.
//===----------------------------------------------------------------------===//

/// `mla`: head sizes come from the qk/v head dims, not hidden / heads.
void parseCommonDecoder(ConfigReader &r, ModelSpec &s, bool mla = false) {
  s.hidden = r.posInt("hidden_size");
  s.vocab = r.posInt("vocab_size");
  s.sourceLayers = r.posInt("num_hidden_layers", kMaxLayers);
  s.heads = r.posInt("num_attention_heads");
  s.kvHeads = r.optPosInt("num_key_value_heads", s.heads);
  s.eps = r.posNum("rms_norm_eps", 1e-6);
  s.tieEmbeddings = r.flag("tie_word_embeddings", false);
  s.eosIds = r.intList("eos_token_id");
  if (r.failed())
    return;
  if (r.has("head_dim"))
    s.headDim = r.posInt("head_dim");
  else if (mla)
    s.headDim = 0;
  else if (s.hidden % s.heads != 0)
    r.invalid("num_attention_heads",
              llvm::formatv("hidden_size ({0}) is not a multiple of "
                            "num_attention_heads ({1}) and head_dim is absent",
                            s.hidden, s.heads));
  else
    s.headDim = s.hidden / s.heads;
  if (!r.failed() && s.heads % s.kvHeads != 0)
    r.invalid("num_key_value_heads",
              llvm::formatv("num_attention_heads ({0}) must be a multiple of "
                            "num_key_value_heads ({1})",
                            s.heads, s.kvHeads));
}

/// Routed-expert consistency shared by all MoE families.
void checkExperts(ConfigReader &r, ModelSpec &s, StringRef expertsKey,
                  StringRef topKKey) {
  if (r.failed())
    return;
  if (s.topK > s.experts)
    r.invalid(topKKey, llvm::formatv("expected at most {0} = {1}, got {2}",
                                     expertsKey, s.experts, s.topK));
  else if (s.experts % s.nGroup != 0)
    r.invalid("n_group", llvm::formatv("must divide {0} ({1}), got {2}",
                                       expertsKey, s.experts, s.nGroup));
  else if (s.topkGroup > s.nGroup)
    r.invalid("topk_group",
              llvm::formatv("expected at most n_group ({0}), got {1}", s.nGroup,
                            s.topkGroup));
  else if (s.topK > s.topkGroup * (s.experts / s.nGroup))
    r.invalid(topKKey,
              llvm::formatv("{0} exceeds the {1} experts selectable in "
                            "topk_group ({2}) groups",
                            s.topK, s.topkGroup * (s.experts / s.nGroup),
                            s.topkGroup));
}

/// DeepSeek V2 / V3 and Kimi K2 (HF_MATH 2, 3).
void parseDeepSeek(ConfigReader &r, ModelSpec &s, bool v3) {
  parseCommonDecoder(r, s, /*mla=*/true);
  s.family = v3 ? "deepseek_v3" : "deepseek_v2";
  s.attn = AttnKind::MLA;
  s.qLora = r.optNonNegInt("q_lora_rank", 0);
  s.kvLora = r.posInt("kv_lora_rank");
  s.nope = r.posInt("qk_nope_head_dim");
  s.ropeDim = r.posInt("qk_rope_head_dim");
  s.vDim = r.posInt("v_head_dim");
  if (r.flag("attention_bias", false))
    r.invalid("attention_bias", "true is not supported for MLA (no released "
                                "DeepSeek checkpoint has it)");
  parseRope(r, s.rope);
  s.rope.pairing = RopePairing::Interleaved;
  s.rope.dim = s.ropeDim;
  // Softmax scale = qk_head_dim^-0.5, times mscale^2 under YaRN (HF_MATH 2.2).
  s.scale = 1.0 / std::sqrt(double(s.nope + s.ropeDim));
  if (s.rope.scaling != RopeScaling::None && s.rope.mscaleAllDim != 0.0) {
    double m = yarnGetMscale(s.rope.factor, s.rope.mscaleAllDim);
    s.scale *= m * m;
  }
  s.denseInter = r.posInt("intermediate_size");
  s.moeInter = r.posInt("moe_intermediate_size");
  s.experts = r.posInt("n_routed_experts");
  s.topK = r.posInt("num_experts_per_tok");
  s.routedScaling = r.posNum("routed_scaling_factor", 1.0);
  int64_t shared = r.optNonNegInt("n_shared_experts", 0);
  s.sharedInter = shared * s.moeInter;
  s.routerInF32 = true;
  s.routerWeightsF32 = true;
  int64_t firstDense = r.optNonNegInt("first_k_dense_replace", 0);
  if (r.optPosInt("moe_layer_freq", 1) != 1)
    r.invalid("moe_layer_freq", "values other than 1 are not supported "
                                "(HF ignores the field, vLLM does not)");
  std::string method =
      r.optStr("topk_method").value_or(v3 ? "noaux_tc" : "greedy");
  if (v3) {
    // HF hard-codes sigmoid scoring with the correction bias (noaux_tc).
    s.scoring = RouterScoring::Sigmoid;
    s.correctionBias = true;
    s.groupScore = GroupScore::Top2Sum;
    s.nGroup = r.optPosInt("n_group", 1);
    s.topkGroup = r.optPosInt("topk_group", 1);
    if (r.flag("norm_topk_prob", false)) {
      s.renorm = RouterRenorm::Sum;
      s.renormEps = 1e-20;
    }
    s.mtpLayers = r.optNonNegInt("num_nextn_predict_layers", 0);
  } else {
    s.scoring = RouterScoring::Softmax;
    if (method == "group_limited_greedy") {
      s.groupScore = GroupScore::Max;
      s.nGroup = r.optPosInt("n_group", 1);
      s.topkGroup = r.optPosInt("topk_group", 1);
    } else if (method != "greedy") {
      r.fail("topk_method", "'greedy' or 'group_limited_greedy'",
             r.raw("topk_method"));
    }
    // HF's DeepseekV2 never applies norm_topk_prob (HF_MATH 3).
  }
  checkExperts(r, s, "n_routed_experts", "num_experts_per_tok");
  if (!r.failed() && firstDense > s.sourceLayers)
    r.invalid("first_k_dense_replace",
              llvm::formatv("expected at most num_hidden_layers ({0}), got {1}",
                            s.sourceLayers, firstDense));
  for (int64_t i = 0; i < s.sourceLayers; ++i)
    s.layers.push_back({/*moe=*/i >= firstDense});
}

/// Qwen3-MoE and Qwen2-MoE (HF_MATH 4, 5).
void parseQwenMoE(ConfigReader &r, ModelSpec &s, bool qwen3) {
  parseCommonDecoder(r, s);
  s.family = qwen3 ? "qwen3_moe" : "qwen2_moe";
  parseRope(r, s.rope);
  s.rope.pairing = RopePairing::HalfSplit;
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  if (qwen3) {
    s.qkNorm = QKNorm::PerHead;
    s.qkvBias = s.oBias = r.flag("attention_bias", false);
  } else {
    s.qkvBias = r.flag("qkv_bias", true);
  }
  s.denseInter = r.posInt("intermediate_size");
  s.moeInter = r.posInt("moe_intermediate_size");
  s.experts = r.optNonNegInt("num_experts", 0);
  s.topK = r.posInt("num_experts_per_tok");
  if (r.flag("norm_topk_prob", false))
    s.renorm = RouterRenorm::Sum;
  s.routerWeightsF32 = false; // cast back to the model dtype
  if (!qwen3) {
    s.sharedInter = r.optNonNegInt("shared_expert_intermediate_size", 0);
    s.sharedGated = s.sharedInter > 0;
  }
  if (s.experts > 0)
    checkExperts(r, s, "num_experts", "num_experts_per_tok");
  int64_t step = r.optPosInt("decoder_sparse_step", 1);
  SmallVector<int64_t> mlpOnly = r.intList("mlp_only_layers");
  std::optional<int64_t> window;
  if (r.flag("use_sliding_window", false))
    window = r.posInt("sliding_window");
  int64_t maxWindowLayers = r.optNonNegInt("max_window_layers", 0);
  for (int64_t i = 0; i < s.sourceLayers; ++i) {
    LayerPlan p;
    p.moe =
        !llvm::is_contained(mlpOnly, i) && s.experts > 0 && (i + 1) % step == 0;
    if (window && i >= maxWindowLayers)
      p.slidingWindow = *window;
    s.layers.push_back(p);
  }
}

/// Mixtral (HF_MATH 6).
void parseMixtral(ConfigReader &r, ModelSpec &s) {
  parseCommonDecoder(r, s);
  s.family = "mixtral";
  parseRope(r, s.rope);
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.moeInter = r.posInt("intermediate_size");
  s.experts = r.posInt("num_local_experts");
  s.topK = r.posInt("num_experts_per_tok");
  s.renorm = RouterRenorm::Sum; // always renormalised
  s.routerWeightsF32 = true;
  checkExperts(r, s, "num_local_experts", "num_experts_per_tok");
  int64_t window = r.optNonNegInt("sliding_window", 0);
  for (int64_t i = 0; i < s.sourceLayers; ++i)
    s.layers.push_back({/*moe=*/true, /*rope=*/true, window});
}

/// OLMoE (HF_MATH 7).
void parseOlmoe(ConfigReader &r, ModelSpec &s) {
  parseCommonDecoder(r, s);
  s.family = "olmoe";
  parseRope(r, s.rope);
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.qkNorm = QKNorm::FullWidth;
  s.qkvBias = s.oBias = r.flag("attention_bias", false);
  if (r.has("clip_qkv"))
    s.clipQkv = r.posNum("clip_qkv");
  s.moeInter = r.posInt("intermediate_size");
  s.experts = r.posInt("num_experts");
  s.topK = r.posInt("num_experts_per_tok");
  if (r.flag("norm_topk_prob", false))
    s.renorm = RouterRenorm::Sum;
  s.routerWeightsF32 = false;
  checkExperts(r, s, "num_experts", "num_experts_per_tok");
  for (int64_t i = 0; i < s.sourceLayers; ++i)
    s.layers.push_back({/*moe=*/true});
}

/// gpt-oss (HF_MATH 8).
void parseGptOss(ConfigReader &r, ModelSpec &s) {
  parseCommonDecoder(r, s);
  s.family = "gpt_oss";
  parseRope(r, s.rope);
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.qkvBias = s.oBias = r.flag("attention_bias", true);
  s.sinks = true;
  s.normMultiplyInF32 = true;
  s.moeInter = r.posInt("intermediate_size");
  s.experts = r.posInt("num_local_experts");
  s.topK = r.has("num_experts_per_tok") ? r.posInt("num_experts_per_tok")
                                        : r.posInt("experts_per_token");
  s.scoring = RouterScoring::SoftmaxTopK;
  s.routerBias = true;
  s.routerWeightsF32 = false;
  s.activation = ExpertActivation::ClampedSwiGLU;
  s.swigluLimit = r.posNum("swiglu_limit", 7.0);
  s.swigluAlpha = r.posNum("swiglu_alpha", 1.702);
  checkExperts(r, s, "num_local_experts", "num_experts_per_tok");
  SmallVector<std::string> types = r.strList("layer_types");
  int64_t window = r.optNonNegInt("sliding_window", 0);
  if (!r.failed() && !types.empty() && int64_t(types.size()) != s.sourceLayers)
    r.invalid("layer_types",
              llvm::formatv("expected {0} entries (num_hidden_layers), got {1}",
                            s.sourceLayers, types.size()));
  for (int64_t i = 0; i < s.sourceLayers && !r.failed(); ++i) {
    LayerPlan p{/*moe=*/true};
    // Reference: sliding_window on even layers when layer_types is absent.
    std::string type =
        types.empty() ? (i % 2 == 0 ? "sliding_attention" : "full_attention")
                      : types[i];
    if (type == "sliding_attention")
      p.slidingWindow = window;
    else if (type != "full_attention")
      r.fail("layer_types", "'sliding_attention' or 'full_attention' entries",
             r.raw("layer_types"));
    s.layers.push_back(p);
  }
}

/// DBRX (HF_MATH 9).
void parseDbrx(ConfigReader &r, ModelSpec &s) {
  s.family = "dbrx";
  s.hidden = r.posInt("d_model");
  s.vocab = r.posInt("vocab_size");
  s.sourceLayers = r.posInt("n_layers");
  s.heads = r.posInt("n_heads");
  s.tieEmbeddings = r.flag("tie_word_embeddings", false);
  s.eosIds = r.intList("eos_token_id");
  s.normKind = NormKind::LayerNoBias;
  s.eps = 1e-5;
  s.fusedQKV = true;
  std::optional<ConfigReader> attn = r.sub("attn_config");
  std::optional<ConfigReader> ffn = r.sub("ffn_config");
  if (!attn)
    r.fail("attn_config", "an object", nullptr);
  if (!ffn)
    r.fail("ffn_config", "an object", nullptr);
  if (r.failed())
    return;
  s.kvHeads = attn->optPosInt("kv_n_heads", s.heads);
  if (attn->has("clip_qkv"))
    s.clipQkv = attn->posNum("clip_qkv");
  s.rope.theta = attn->posNum("rope_theta", 10000.0);
  if (s.hidden % s.heads != 0) {
    r.invalid("n_heads", llvm::formatv("d_model ({0}) must be a multiple of "
                                       "n_heads ({1})",
                                       s.hidden, s.heads));
    return;
  }
  if (s.heads % s.kvHeads != 0) {
    attn->invalid("kv_n_heads", llvm::formatv("n_heads ({0}) must be a "
                                              "multiple of kv_n_heads ({1})",
                                              s.heads, s.kvHeads));
    return;
  }
  s.headDim = s.hidden / s.heads;
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.moeInter = ffn->posInt("ffn_hidden_size");
  s.experts = ffn->posInt("moe_num_experts");
  s.topK = ffn->posInt("moe_top_k");
  if (std::optional<double> p = ffn->optNum("moe_normalize_expert_weights")) {
    // w / ||w||_p with p = 1 is sum-normalisation (weights are positive).
    if (*p != 1.0)
      ffn->fail("moe_normalize_expert_weights",
                "1 or null (other p-norms are "
                "not supported)",
                ffn->raw("moe_normalize_expert_weights"));
    s.renorm = RouterRenorm::Sum;
  }
  s.routerWeightsF32 = true;
  if (!r.failed() && s.topK > s.experts)
    ffn->invalid("moe_top_k", llvm::formatv("expected at most moe_num_experts "
                                            "= {0}, got {1}",
                                            s.experts, s.topK));
  for (int64_t i = 0; i < s.sourceLayers; ++i)
    s.layers.push_back({/*moe=*/true});
}

/// Llama 4 text model (HF_MATH 10).
void parseLlama4(ConfigReader &r, ModelSpec &s) {
  parseCommonDecoder(r, s);
  s.family = "llama4";
  parseRope(r, s.rope);
  s.rope.pairing = RopePairing::Interleaved;
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.qkvBias = s.oBias = r.flag("attention_bias", false);
  bool qkNorm = r.flag("use_qk_norm", true);
  s.moeInter = r.posInt("intermediate_size");
  s.denseInter = r.optPosInt("intermediate_size_mlp", s.moeInter);
  s.experts = r.posInt("num_local_experts");
  s.topK = r.posInt("num_experts_per_tok");
  s.sharedInter = s.moeInter;
  s.scoring = RouterScoring::SigmoidTopK;
  s.scaleExpertInput = true;
  s.routerWeightsF32 = false;
  checkExperts(r, s, "num_local_experts", "num_experts_per_tok");
  int64_t step = r.optPosInt("interleave_moe_layer_step", 1);
  SmallVector<int64_t> moeLayers = r.intList("moe_layers");
  SmallVector<int64_t> noRope = r.intList("no_rope_layers");
  int64_t interval = r.optPosInt("no_rope_layer_interval", 4);
  int64_t chunk = r.optNonNegInt("attention_chunk_size", 0);
  const json::Value *tuning = r.raw("attn_temperature_tuning");
  bool tune = tuning && tuning->kind() != json::Value::Null &&
              !(tuning->getAsBoolean() && !*tuning->getAsBoolean()) &&
              !(tuning->getAsNumber() && *tuning->getAsNumber() == 0.0);
  s.floorScale = r.posNum("floor_scale", 8192.0);
  s.attnScale = r.posNum("attn_scale", 0.1);
  if (!r.failed() && !noRope.empty() &&
      int64_t(noRope.size()) != s.sourceLayers)
    r.invalid("no_rope_layers",
              llvm::formatv("expected {0} entries (num_hidden_layers), got {1}",
                            s.sourceLayers, noRope.size()));
  for (int64_t i = 0; i < s.sourceLayers && !r.failed(); ++i) {
    LayerPlan p;
    p.moe = moeLayers.empty() ? (i % step == step - 1)
                              : llvm::is_contained(moeLayers, i);
    // no_rope_layers[i] == 1 means "use RoPE" (HF naming).
    p.rope = noRope.empty() ? ((i + 1) % interval != 0) : noRope[i] != 0;
    if (p.rope)
      p.chunk = chunk;
    else
      p.temperatureTuning = tune;
    s.layers.push_back(p);
  }
  s.qkNorm = qkNorm ? QKNorm::L2AfterRope : QKNorm::None;
}

/// Dense Llama / Qwen2 / Qwen3: one always-on MLP per layer.
void parseDense(ConfigReader &r, ModelSpec &s, StringRef type) {
  parseCommonDecoder(r, s);
  s.family = type.str();
  parseRope(r, s.rope);
  s.rope.dim = s.headDim;
  s.scale = 1.0 / std::sqrt(double(s.headDim));
  s.denseInter = r.posInt("intermediate_size");
  if (type == "llama") {
    s.qkvBias = s.oBias = r.flag("attention_bias", false);
    if (r.flag("mlp_bias", false))
      r.invalid("mlp_bias", "true is not supported");
  } else if (type == "qwen2") {
    s.qkvBias = true;
  } else {
    s.qkNorm = QKNorm::PerHead;
    s.qkvBias = s.oBias = r.flag("attention_bias", false);
  }
  std::optional<int64_t> window;
  if (type != "llama" && r.flag("use_sliding_window", false))
    window = r.posInt("sliding_window");
  int64_t maxWindowLayers = r.optNonNegInt("max_window_layers", 0);
  for (int64_t i = 0; i < s.sourceLayers; ++i) {
    LayerPlan p;
    if (window && i >= maxWindowLayers)
      p.slidingWindow = *window;
    s.layers.push_back(p);
  }
}

//===----------------------------------------------------------------------===//
// IR emission.
//===----------------------------------------------------------------------===//

/// Hugging Face tensor names of one family.
struct Names {
  std::string prefix;     // "model." / "language_model.model." / "transformer."
  std::string headPrefix; // "" / "language_model."
  std::string layer(int64_t i) const {
    return prefix + (fam == "dbrx" ? "blocks." : "layers.") +
           std::to_string(i) + ".";
  }
  std::string fam;
};

class Emitter {
public:
  Emitter(MLIRContext *ctx, const ModelSpec &spec, Type dt, StringRef source)
      : ctx(ctx), spec(spec), dt(dt), b(ctx),
        loc(NameLoc::get(StringAttr::get(ctx, source))) {}

  OwningOpRef<ModuleOp> run();

private:
  RankedTensorType tensor(ArrayRef<int64_t> shape, Type elt) {
    return RankedTensorType::get(shape, elt);
  }
  RankedTensorType act(int64_t width) {
    return tensor({ShapedType::kDynamic, width}, dt);
  }
  /// Declares `name` once and reads it at the current insertion point.
  Value weight(const std::string &name, ArrayRef<int64_t> shape,
               Type elt = Type());
  IntegerAttr i64(int64_t v) { return b.getI64IntegerAttr(v); }
  FloatAttr f64(double v) { return b.getF64FloatAttr(v); }
  Value norm(Value x, const std::string &name);
  Value attention(int64_t i, Value x);
  Value mlaAttention(int64_t i, Value x);
  Value ffn(int64_t i, Value x);
  Value moeBlock(int64_t i, Value x);
  RopeAttr ropeAttr();

  MLIRContext *ctx;
  const ModelSpec &spec;
  Type dt;
  OpBuilder b;
  Location loc;
  Names names;
  OpBuilder paramBuilder{static_cast<MLIRContext *>(nullptr)};
  llvm::StringMap<ParamOp> params;
  Value positions, sequences;
};

Value Emitter::weight(const std::string &name, ArrayRef<int64_t> shape,
                      Type elt) {
  RankedTensorType type = tensor(shape, elt ? elt : dt);
  auto it = params.find(name);
  if (it == params.end()) {
    ParamOp p = ParamOp::create(paramBuilder, loc, b.getStringAttr(name),
                                TypeAttr::get(type));
    it = params.insert({name, p}).first;
  }
  return WeightOp::create(b, loc, type, FlatSymbolRefAttr::get(ctx, name));
}

Value Emitter::norm(Value x, const std::string &name) {
  int64_t h = llvm::cast<RankedTensorType>(x.getType()).getShape().back();
  Value w = weight(name, {h});
  if (spec.normKind == NormKind::LayerNoBias)
    return LayerNormOp::create(b, loc, x.getType(), x, w, Value(),
                               f64(spec.eps));
  return RMSNormOp::create(b, loc, x.getType(), x, w, f64(spec.eps),
                           spec.normMultiplyInF32 ? b.getUnitAttr()
                                                  : UnitAttr());
}

RopeAttr Emitter::ropeAttr() {
  const RopeSpec &r = spec.rope;
  return RopeAttr::get(ctx, r.pairing, r.dim, APFloat(r.theta), r.scaling,
                       APFloat(r.factor), r.originalMax, APFloat(r.betaFast),
                       APFloat(r.betaSlow), r.truncate, APFloat(r.lowFreq),
                       APFloat(r.highFreq), APFloat(r.attentionFactor));
}

Value Emitter::attention(int64_t i, Value x) {
  const LayerPlan &plan = spec.layers[i];
  int64_t h = spec.hidden, qW = spec.heads * spec.headDim,
          kvW = spec.kvHeads * spec.headDim;
  std::string L = names.layer(i);
  Value wq, wk, wv, wo, bq, bk, bv, bo, qn, kn, sinks;
  if (spec.fusedQKV) {
    // DBRX: one fused Wqkv [q | k | v]; clip_qkv commutes with the split.
    std::string a = L + "norm_attn_norm.attn.";
    Value wqkv = weight(a + "Wqkv.weight", {qW + 2 * kvW, h});
    auto slice = [&](int64_t off, int64_t rows) -> Value {
      SmallVector<OpFoldResult> offsets = {b.getIndexAttr(off),
                                           b.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes = {b.getIndexAttr(rows),
                                         b.getIndexAttr(h)};
      SmallVector<OpFoldResult> strides = {b.getIndexAttr(1),
                                           b.getIndexAttr(1)};
      return tensor::ExtractSliceOp::create(b, loc, tensor({rows, h}, dt), wqkv,
                                            offsets, sizes, strides);
    };
    wq = slice(0, qW);
    wk = slice(qW, kvW);
    wv = slice(qW + kvW, kvW);
    wo = weight(a + "out_proj.weight", {h, qW});
  } else {
    std::string a = L + "self_attn.";
    wq = weight(a + "q_proj.weight", {qW, h});
    wk = weight(a + "k_proj.weight", {kvW, h});
    wv = weight(a + "v_proj.weight", {kvW, h});
    wo = weight(a + "o_proj.weight", {h, qW});
    if (spec.qkvBias) {
      bq = weight(a + "q_proj.bias", {qW});
      bk = weight(a + "k_proj.bias", {kvW});
      bv = weight(a + "v_proj.bias", {kvW});
    }
    if (spec.oBias)
      bo = weight(a + "o_proj.bias", {h});
    if (spec.qkNorm == QKNorm::PerHead) {
      qn = weight(a + "q_norm.weight", {spec.headDim});
      kn = weight(a + "k_norm.weight", {spec.headDim});
    } else if (spec.qkNorm == QKNorm::FullWidth) {
      qn = weight(a + "q_norm.weight", {qW});
      kn = weight(a + "k_norm.weight", {kvW});
    }
    if (spec.sinks)
      sinks = weight(a + "sinks", {spec.heads});
  }
  QKNorm qk = spec.qkNorm;
  if (qk == QKNorm::L2AfterRope && !plan.rope)
    qk = QKNorm::None; // Llama 4 NoPE layers have no QK-norm
  FloatAttr clip = spec.clipQkv ? f64(*spec.clipQkv) : FloatAttr();
  FloatAttr floorScale, tempScale;
  if (plan.temperatureTuning) {
    floorScale = f64(spec.floorScale);
    tempScale = f64(spec.attnScale);
  }
  return AttentionOp::create(
      b, loc, x.getType(), x, positions, sequences, wq, wk, wv, wo, bq, bk, bv,
      bo, qn, kn, sinks, i64(i), i64(spec.heads), i64(spec.kvHeads),
      i64(spec.headDim), f64(spec.scale), QKNormAttr::get(ctx, qk),
      f64(spec.eps), plan.rope ? ropeAttr() : RopeAttr(), b.getBoolAttr(true),
      i64(plan.slidingWindow), i64(plan.chunk), clip, floorScale, tempScale);
}

Value Emitter::mlaAttention(int64_t i, Value x) {
  int64_t h = spec.hidden, nh = spec.heads;
  int64_t qW = nh * (spec.nope + spec.ropeDim);
  std::string a = names.layer(i) + "self_attn.";
  Value qa, qan, qb, q;
  if (spec.qLora > 0) {
    qa = weight(a + "q_a_proj.weight", {spec.qLora, h});
    qan = weight(a + "q_a_layernorm.weight", {spec.qLora});
    qb = weight(a + "q_b_proj.weight", {qW, spec.qLora});
  } else {
    q = weight(a + "q_proj.weight", {qW, h});
  }
  Value kva =
      weight(a + "kv_a_proj_with_mqa.weight", {spec.kvLora + spec.ropeDim, h});
  Value kvan = weight(a + "kv_a_layernorm.weight", {spec.kvLora});
  Value kvb = weight(a + "kv_b_proj.weight",
                     {nh * (spec.nope + spec.vDim), spec.kvLora});
  Value o = weight(a + "o_proj.weight", {h, nh * spec.vDim});
  // q_a_layernorm / kv_a_layernorm use the class default eps 1e-6
  // (HF_MATH 2.5).
  return MLAAttentionOp::create(
      b, loc, x.getType(), x, positions, sequences, qa, qan, qb, q, kva, kvan,
      kvb, o, /*w_uk=*/Value(), /*w_uv=*/Value(), i64(i), i64(nh), i64(spec.qLora), i64(spec.kvLora),
      i64(spec.nope), i64(spec.ropeDim), i64(spec.vDim), f64(spec.scale),
      ropeAttr(), f64(1e-6), /*absorb_prefill=*/UnitAttr());
}

Value Emitter::ffn(int64_t i, Value x) {
  if (spec.layers[i].moe)
    return moeBlock(i, x);
  int64_t h = spec.hidden, inter = spec.denseInter;
  std::string m =
      names.layer(i) + (spec.family == "llama4" ? "feed_forward." : "mlp.");
  Value g = weight(m + "gate_proj.weight", {inter, h});
  Value u = weight(m + "up_proj.weight", {inter, h});
  Value d = weight(m + "down_proj.weight", {h, inter});
  return MLPOp::create(b, loc, x.getType(), x, g, u, d);
}

Value Emitter::moeBlock(int64_t i, Value x) {
  int64_t h = spec.hidden, e = spec.experts, inter = spec.moeInter,
          k = spec.topK;
  const std::string &fam = spec.family;
  std::string L = names.layer(i);
  std::string m = fam == "mixtral"  ? L + "block_sparse_moe."
                  : fam == "llama4" ? L + "feed_forward."
                  : fam == "dbrx"   ? L + "ffn."
                                    : L + "mlp.";
  // Router.
  std::string gateName = fam == "gpt_oss"  ? m + "router.weight"
                         : fam == "llama4" ? m + "router.weight"
                         : fam == "dbrx"   ? m + "router.layer.weight"
                                           : m + "gate.weight";
  Value gate = weight(gateName, {e, h});
  Value rbias = spec.routerBias ? weight(m + "router.bias", {e}) : Value();
  Value cbias = spec.correctionBias ? weight(m + "gate.e_score_correction_bias",
                                             {e}, Float32Type::get(ctx))
                                    : Value();
  Type f32 = Float32Type::get(ctx);
  Type wType = spec.routerWeightsF32 ? f32 : dt;
  Type computeType = spec.routerInF32 ? f32 : dt;
  auto ids = tensor({ShapedType::kDynamic, k}, b.getI32Type());
  auto router = RouterOp::create(
      b, loc, ids, tensor({ShapedType::kDynamic, k}, wType), x, gate, rbias,
      cbias, i64(k), RouterScoringAttr::get(ctx, spec.scoring),
      i64(spec.nGroup), i64(spec.topkGroup),
      GroupScoreAttr::get(ctx, spec.groupScore),
      RouterRenormAttr::get(ctx, spec.renorm), f64(spec.renormEps),
      f64(spec.routedScaling), TypeAttr::get(computeType));

  // Dispatch (Llama 4 scales the expert input by the router score).
  auto dispatch = DispatchOp::create(
      b, loc, x.getType(), tensor({e}, b.getI32Type()),
      tensor({ShapedType::kDynamic}, b.getI32Type()), x, router.getExpertIds(),
      spec.scaleExpertInput ? router.getWeights() : Value(), i64(e));

  // Experts.
  Value gateUp, gw, uw, dw, gub, db;
  WeightLayout guLayout = WeightLayout::OutIn, dLayout = WeightLayout::OutIn;
  GateUpFusion fusion = GateUpFusion::Concat;
  if (fam == "gpt_oss") {
    gateUp = weight(m + "experts.gate_up_proj", {e, h, 2 * inter});
    gub = weight(m + "experts.gate_up_proj_bias", {e, 2 * inter});
    dw = weight(m + "experts.down_proj", {e, inter, h});
    db = weight(m + "experts.down_proj_bias", {e, h});
    guLayout = dLayout = WeightLayout::InOut;
    fusion = GateUpFusion::Interleaved;
  } else if (fam == "llama4") {
    gateUp = weight(m + "experts.gate_up_proj", {e, h, 2 * inter});
    dw = weight(m + "experts.down_proj", {e, inter, h});
    guLayout = dLayout = WeightLayout::InOut;
  } else if (fam == "dbrx") {
    // w1, v1, w2 are stored [E*ffn, d] and viewed [E, ffn, d]; w2 is used
    // untransposed, i.e. [in, out] per expert (HF_MATH 9).
    auto stacked = [&](const std::string &name) -> Value {
      Value flat = weight(m + "experts.mlp." + name, {e * inter, h});
      return tensor::ExpandShapeOp::create(
          b, loc, tensor({e, inter, h}, dt), flat,
          SmallVector<ReassociationIndices>{{0, 1}, {2}});
    };
    gw = stacked("w1");
    uw = stacked("v1");
    dw = stacked("w2");
    dLayout = WeightLayout::InOut;
  } else if (fam == "mixtral") {
    gw = weight(m + "experts.*.w1.weight", {e, inter, h});
    uw = weight(m + "experts.*.w3.weight", {e, inter, h});
    dw = weight(m + "experts.*.w2.weight", {e, h, inter});
  } else {
    gw = weight(m + "experts.*.gate_proj.weight", {e, inter, h});
    uw = weight(m + "experts.*.up_proj.weight", {e, inter, h});
    dw = weight(m + "experts.*.down_proj.weight", {e, h, inter});
  }
  Value rows = ExpertsOp::create(
      b, loc, x.getType(), dispatch.getRows(), dispatch.getTokensPerExpert(),
      gateUp, gw, uw, dw, gub, db,
      ExpertActivationAttr::get(ctx, spec.activation),
      GateUpFusionAttr::get(ctx, fusion), WeightLayoutAttr::get(ctx, guLayout),
      WeightLayoutAttr::get(ctx, dLayout), f64(spec.swigluAlpha),
      f64(spec.swigluLimit));
  Value out = CombineOp::create(
      b, loc, x.getType(), rows, dispatch.getPermutation(),
      spec.scaleExpertInput ? Value() : router.getWeights(), i64(k));

  // Shared expert.
  if (spec.sharedInter > 0) {
    int64_t si = spec.sharedInter;
    std::string s = fam == "qwen2_moe" ? m + "shared_expert."
                    : fam == "llama4"  ? m + "shared_expert."
                                       : m + "shared_experts.";
    Value sg = weight(s + "gate_proj.weight", {si, h});
    Value su = weight(s + "up_proj.weight", {si, h});
    Value sd = weight(s + "down_proj.weight", {h, si});
    Value gateW = spec.sharedGated
                      ? weight(m + "shared_expert_gate.weight", {1, h})
                      : Value();
    Value shared =
        SharedExpertOp::create(b, loc, x.getType(), x, sg, su, sd, gateW);
    out = AddOp::create(b, loc, x.getType(), out, shared);
  }
  return out;
}

OwningOpRef<ModuleOp> Emitter::run() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  const std::string &fam = spec.family;
  names.fam = fam;
  if (fam == "dbrx") {
    names.prefix = "transformer.";
  } else if (fam == "llama4" && spec.modelType == "llama4") {
    names.prefix = "language_model.model.";
    names.headPrefix = "language_model.";
  } else {
    names.prefix = "model.";
  }

  // Metadata the runtime and reports read; the MTP layer is recorded only.
  (*module)->setAttr("moe.model_type", b.getStringAttr(spec.modelType));
  (*module)->setAttr("moe.num_hidden_layers", i64(spec.sourceLayers));
  if (spec.mtpLayers > 0)
    (*module)->setAttr("moe.mtp_layers", i64(spec.mtpLayers));
  if (!spec.eosIds.empty())
    (*module)->setAttr("moe.eos_token_ids",
                       b.getDenseI64ArrayAttr(spec.eosIds));
  (*module)->setAttr("moe.dtype", TypeAttr::get(dt));

  b.setInsertionPointToEnd(module->getBody());
  auto tokenType = tensor({ShapedType::kDynamic}, b.getI64Type());
  RankedTensorType logitsType = act(spec.vocab);
  auto func = func::FuncOp::create(
      b, loc, "forward",
      b.getFunctionType({tokenType, tokenType, tokenType}, {logitsType}));
  func.setArgAttr(0, "moe.name", b.getStringAttr("tokens"));
  func.setArgAttr(1, "moe.name", b.getStringAttr("positions"));
  func.setArgAttr(2, "moe.name", b.getStringAttr("sequences"));
  paramBuilder = OpBuilder(func);
  Block *body = func.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value tokens = body->getArgument(0);
  positions = body->getArgument(1);
  sequences = body->getArgument(2);

  std::string embedName = fam == "dbrx" ? "transformer.wte.weight"
                                        : names.prefix + "embed_tokens.weight";
  Value embed = weight(embedName, {spec.vocab, spec.hidden});
  Value h = EmbeddingOp::create(b, loc, act(spec.hidden), embed, tokens);

  for (int64_t i = 0; i < spec.numLayers; ++i) {
    std::string L = names.layer(i);
    bool dbrx = fam == "dbrx";
    Value x = norm(h, dbrx ? L + "norm_attn_norm.norm_1.weight"
                           : L + "input_layernorm.weight");
    Value a = spec.attn == AttnKind::MLA ? mlaAttention(i, x) : attention(i, x);
    h = AddOp::create(b, loc, h.getType(), h, a);
    Value y = norm(h, dbrx ? L + "norm_attn_norm.norm_2.weight"
                           : L + "post_attention_layernorm.weight");
    h = AddOp::create(b, loc, h.getType(), h, ffn(i, y));
  }
  Value final = norm(h, fam == "dbrx" ? std::string("transformer.norm_f.weight")
                                      : names.prefix + "norm.weight");
  Value head = spec.tieEmbeddings ? weight(embedName, {spec.vocab, spec.hidden})
                                  : weight(names.headPrefix + "lm_head.weight",
                                           {spec.vocab, spec.hidden});
  Value logits = LMHeadOp::create(b, loc, logitsType, final, head);
  func::ReturnOp::create(b, loc, logits);
  return module;
}

} // namespace

OwningOpRef<ModuleOp> mlir::moe::importHFConfig(StringRef path,
                                                StringRef contents,
                                                MLIRContext *context,
                                                const HFImportOptions &options,
                                                std::string &error) {
  error.clear();
  llvm::Expected<json::Value> parsed = json::parse(contents);
  if (!parsed) {
    error =
        (path + ": invalid JSON: " + llvm::toString(parsed.takeError())).str();
    return nullptr;
  }
  const json::Object *root = parsed->getAsObject();
  if (!root) {
    error = (path + ": expected a JSON object at the top level").str();
    return nullptr;
  }
  ConfigReader top(path, root, "", &error);
  std::optional<std::string> modelType = top.optStr("model_type");
  if (error.empty() && !modelType)
    top.fail("model_type", "a string naming the model family", nullptr);
  if (!error.empty())
    return nullptr;

  ModelSpec spec;
  spec.modelType = *modelType;
  // Llama 4 multimodal configs keep the text model in `text_config`.
  std::optional<ConfigReader> text;
  if (*modelType == "llama4") {
    text = top.sub("text_config");
    if (!text && error.empty())
      top.fail("text_config", "an object (the Llama 4 text model)", nullptr);
  }
  if (!error.empty())
    return nullptr;
  ConfigReader &r = text ? *text : top;

  const std::string &t = *modelType;
  if (t == "deepseek_v3" || t == "kimi_k2")
    parseDeepSeek(r, spec, /*v3=*/true);
  else if (t == "deepseek_v2")
    parseDeepSeek(r, spec, /*v3=*/false);
  else if (t == "qwen3_moe")
    parseQwenMoE(r, spec, /*qwen3=*/true);
  else if (t == "qwen2_moe")
    parseQwenMoE(r, spec, /*qwen3=*/false);
  else if (t == "mixtral")
    parseMixtral(r, spec);
  else if (t == "olmoe")
    parseOlmoe(r, spec);
  else if (t == "gpt_oss")
    parseGptOss(r, spec);
  else if (t == "dbrx")
    parseDbrx(r, spec);
  else if (t == "llama4" || t == "llama4_text")
    parseLlama4(r, spec);
  else if (t == "llama" || t == "qwen2" || t == "qwen3")
    parseDense(r, spec, t);
  else
    top.fail("model_type",
             "one of deepseek_v3, kimi_k2, deepseek_v2, qwen3_moe, qwen2_moe, "
             "mixtral, olmoe, gpt_oss, dbrx, llama4, llama, qwen2, qwen3",
             top.raw("model_type"));
  if (!error.empty())
    return nullptr;

  // Compute dtype: --dtype, else the config's torch_dtype / dtype, else bf16.
  std::string dtype = options.dtype;
  if (dtype.empty()) {
    std::optional<std::string> cfg = top.optStr("torch_dtype");
    if (!cfg)
      cfg = top.optStr("dtype");
    dtype = !cfg                ? "bf16"
            : *cfg == "float32" ? "f32"
            : *cfg == "float16" ? "f16"
                                : "bf16";
  }
  Type dt = llvm::StringSwitch<Type>(dtype)
                .Case("bf16", BFloat16Type::get(context))
                .Case("f32", Float32Type::get(context))
                .Case("f16", Float16Type::get(context))
                .Default(Type());
  if (!dt) {
    error = (path + ": --dtype: expected bf16, f32 or f16, got '" + dtype + "'")
                .str();
    return nullptr;
  }

  spec.numLayers = spec.sourceLayers;
  if (options.numLayers) {
    if (*options.numLayers <= 0 || *options.numLayers > spec.sourceLayers) {
      error = llvm::formatv("{0}: --num-layers: expected 1..{1} "
                            "(num_hidden_layers), got {2}",
                            path, spec.sourceLayers, *options.numLayers)
                  .str();
      return nullptr;
    }
    spec.numLayers = *options.numLayers;
  }

  context->loadDialect<MoEDialect, func::FuncDialect, tensor::TensorDialect>();
  OwningOpRef<ModuleOp> module =
      Emitter(context, spec, dt, llvm::sys::path::filename(path)).run();
  if (failed(verify(*module))) {
    error = (path + ": internal error: the imported module does not verify "
                    "(see the diagnostics above)")
                .str();
    return nullptr;
  }
  return module;
}
