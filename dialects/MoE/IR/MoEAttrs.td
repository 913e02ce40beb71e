//===- MoEAttrs.td - Attributes of the moe dialect ---------*- tablegen -*-===//

#ifndef MOE_DIALECT_MOE_IR_MOEATTRS_TD
#define MOE_DIALECT_MOE_IR_MOEATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "dialects/MoE/IR/MoEDialect.td"
include "dialects/MoE/IR/MoEEnums.td"

class MoE_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<MoE_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

// An f64 (stored as APFloat for hashing) printed so that it round-trips exactly (shortest form).
class MoE_F64Param<string value, string desc = "">
    : DefaultValuedParameter<"::llvm::APFloat", "::llvm::APFloat(" # value # ")",
                             desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    double v;
    if ($_parser.parseFloat(v))
      return ::mlir::failure();
    return ::llvm::APFloat(v);
  }() }];
  let printer = [{ $_printer.printFloat($_self) }];
  let comparator = [{ $_lhs.bitwiseIsEqual($_rhs) }];
}

class MoE_BoolParam<string value, string desc = "">
    : DefaultValuedParameter<"bool", value, desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<bool> {
    if (::mlir::succeeded($_parser.parseOptionalKeyword("true")))
      return true;
    if (::mlir::succeeded($_parser.parseOptionalKeyword("false")))
      return false;
    return $_parser.emitError($_parser.getCurrentLocation(),
                              "expected 'true' or 'false'");
  }() }];
  let printer = [{ $_printer << ($_self ? "true" : "false") }];
}

def MoE_RopeAttr : MoE_Attr<"Rope", "rope"> {
  let summary = "Rotary position embedding: pairing, base and frequency scaling";
  let description = [{
    Describes RoPE as Hugging Face `modeling_rope_utils` computes it
    (HF_MATH 1.4-1.6). `dim` is the number of rotated dimensions per head.
    `pairing` says which dimensions rotate together. `scaling` selects the
    frequency rule: `none`, `yarn` (uses `factor`, `original_max_position`,
    `beta_fast`, `beta_slow`, `truncate`) or `llama3` (uses `factor`,
    `original_max_position`, `low_freq_factor`, `high_freq_factor`).
    `attention_factor` multiplies cos and sin (YaRN's mscale ratio; 1.0 for
    DeepSeek, 1.3466 for gpt-oss).

    Example (DeepSeek-V3):
    ```mlir
    #moe.rope<pairing = interleaved, dim = 64, theta = 10000.0, scaling = yarn,
              factor = 40.0, original_max_position = 4096>
    ```
  }];
  let parameters = (ins
    EnumParameter<MoE_RopePairing>:$pairing,
    "int64_t":$dim,
    MoE_F64Param<"10000.0", "rotary base (rope_theta)">:$theta,
    DefaultValuedParameter<"::mlir::moe::RopeScaling",
                           "::mlir::moe::RopeScaling::None">:$scaling,
    MoE_F64Param<"1.0", "scaling factor">:$factor,
    DefaultValuedParameter<"int64_t", "0",
        "original_max_position_embeddings">:$original_max_position,
    MoE_F64Param<"32.0", "YaRN beta_fast">:$beta_fast,
    MoE_F64Param<"1.0", "YaRN beta_slow">:$beta_slow,
    MoE_BoolParam<"true", "YaRN floor/ceil of the ramp">:$truncate,
    MoE_F64Param<"1.0", "llama3 low_freq_factor">:$low_freq_factor,
    MoE_F64Param<"4.0", "llama3 high_freq_factor">:$high_freq_factor,
    MoE_F64Param<"1.0", "multiplier of cos and sin">:$attention_factor
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    double getThetaValue() const { return getTheta().convertToDouble(); }
    double getFactorValue() const { return getFactor().convertToDouble(); }
    double getAttentionFactorValue() const {
      return getAttentionFactor().convertToDouble();
    }
    /// The `dim / 2` inverse frequencies after `scaling` (HF_MATH 1.4-1.6),
    /// in double precision.
    ::llvm::SmallVector<double> getInvFreq() const;
  }];
}

#endif // MOE_DIALECT_MOE_IR_MOEATTRS_TD
