// RUN: moe-opt %s --moe-lower-to-kernels --split-input-file --verify-diagnostics

// Diagnostics of moe-lower-to-kernels.

// expected-error@+1 {{moe-lower-to-kernels: no func.func @forward to lower}}
module {
  moe.param @"w" : tensor<4x4xf32>
}

// -----

module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"q" : tensor<8x8xf32>
  moe.param @"k" : tensor<8x8xf32>
  moe.param @"v" : tensor<8x8xf32>
  moe.param @"o" : tensor<8x8xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %q = moe.weight @"q" : tensor<8x8xf32>
    %k = moe.weight @"k" : tensor<8x8xf32>
    %v = moe.weight @"v" : tensor<8x8xf32>
    %o = moe.weight @"o" : tensor<8x8xf32>
    // expected-error@+1 {{non-causal attention is not supported by the lowering}}
    %a = moe.attention %h, %positions, %sequences q(%q) k(%k) v(%v) o(%o)
        {layer = 0 : i64, num_heads = 2 : i64, num_kv_heads = 2 : i64,
         head_dim = 4 : i64, scale = 0.5 : f64, causal = false}
        : (tensor<?x8xf32>, tensor<?xi64>, tensor<?xi64>, tensor<8x8xf32>,
           tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
    %l = moe.lm_head %a, %e : (tensor<?x8xf32>, tensor<16x8xf32>) -> tensor<?x16xf32>
    return %l : tensor<?x16xf32>
  }
}

// -----

module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"w" : tensor<8x16xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %w = moe.weight @"w" : tensor<8x16xf32>
    %cols = tensor.extract_slice %w[0, 8] [8, 8] [1, 1] : tensor<8x16xf32> to tensor<8x8xf32>
    // expected-error@+1 {{only row slices of weights are supported}}
    %x = moe.linear %h, %cols : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
    %l = moe.lm_head %x, %e : (tensor<?x8xf32>, tensor<16x8xf32>) -> tensor<?x16xf32>
    return %l : tensor<?x16xf32>
  }
}
