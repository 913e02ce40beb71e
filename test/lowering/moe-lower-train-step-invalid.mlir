// RUN: moe-opt %s --moe-lower-train-step --split-input-file --verify-diagnostics

// Diagnostics of moe-lower-train-step.

// expected-error@+1 {{moe-lower-train-step: no func.func @forward to lower}}
module {
  moe.param @"w" : tensor<4x4xf32>
}

// -----

// An op without a backward rule yet is named.
module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"n" : tensor<8xf32>
  moe.param @"b" : tensor<8xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %n = moe.weight @"n" : tensor<8xf32>
    %b = moe.weight @"b" : tensor<8xf32>
    // expected-error@+1 {{moe-lower-train-step: no backward rule for 'moe.layer_norm' yet}}
    %x = moe.layer_norm %h weight(%n) bias(%b) {eps = 1.0e-5 : f64} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %l = moe.lm_head %x, %e : (tensor<?x8xf32>, tensor<16x8xf32>) -> tensor<?x16xf32>
    return %l : tensor<?x16xf32>
  }
}

// -----

// moe.recompute (moe-recompute's choice) may only name what the op keeps for
// the backward and can make again.
module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"n" : tensor<8xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %n = moe.weight @"n" : tensor<8xf32>
    // expected-error@+1 {{moe-lower-train-step: moe.recompute names "gu", which this op does not keep for the backward or cannot recompute (it can: out)}}
    %x = moe.rms_norm %h weight(%n) {eps = 1.0e-5 : f64, moe.recompute = ["gu"]} : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %l = moe.lm_head %x, %e : (tensor<?x8xf32>, tensor<16x8xf32>) -> tensor<?x16xf32>
    return %l : tensor<?x16xf32>
  }
}
