//===- MoEDialect.td - The moe graph dialect ---------------*- tablegen -*-===//
//
// The `moe` dialect: tensor-level ops of a Mixture-of-Experts transformer.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_DIALECT_MOE_IR_MOEDIALECT_TD
#define MOE_DIALECT_MOE_IR_MOEDIALECT_TD

include "mlir/IR/OpBase.td"

def MoE_Dialect : Dialect {
  let name = "moe";
  let cppNamespace = "::mlir::moe";
  let summary = "Graph-level ops of Mixture-of-Experts language models";
  let description = [{
    The `moe` dialect states the forward math of a Mixture-of-Experts decoder
    (DeepSeek V2/V3, Kimi K2, Qwen2/Qwen3-MoE, Mixtral, OLMoE, gpt-oss, DBRX,
    Llama 4, and dense Llama/Qwen as the degenerate case) at tensor level.

    Conventions:
    * Activations are `tensor<?xHxT>`: the leading token dimension is dynamic
      and holds the tokens of every sequence in the batch, flattened.
    * Weights are never constants: `moe.param` declares a named parameter
      (its symbol is the Hugging Face tensor name) and `moe.weight` reads it.
      A symbol containing `*` names a stack of per-expert tensors; the `*`
      stands for the expert index, which is the leading dimension.
    * Linear weights are stored `[out, in]` and applied as `y = x W^T (+ b)`,
      as `nn.Linear` does, unless an op's `*_layout` attribute says `in_out`.
    * Attention ops read and append to an implicit per-layer KV cache slot
      (`layer`), indexed by the sequence id and position of each token.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class MoE_Op<string mnemonic, list<Trait> traits = []>
    : Op<MoE_Dialect, mnemonic, traits>;

#endif // MOE_DIALECT_MOE_IR_MOEDIALECT_TD
