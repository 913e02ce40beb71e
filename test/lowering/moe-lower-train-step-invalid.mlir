// RUN: moe-opt %s --moe-lower-train-step --split-input-file --verify-diagnostics

// Diagnostics of moe-lower-train-step.

// expected-error@+1 {{moe-lower-train-step: no func.func @forward to lower}}
module {
  moe.param @"w" : tensor<4x4xf32>
}

// -----

// An op without a backward rule yet is named (the fused routing of
// moe-fuse-route-dispatch: train the unfused graph).
module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"g" : tensor<4x8xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %g = moe.weight @"g" : tensor<4x8xf32>
    // expected-error@+1 {{moe-lower-train-step: no backward rule for 'moe.route_dispatch' yet}}
    %ids, %w, %rows, %counts, %offsets, %perm, %inv = moe.route_dispatch %h, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, compute_type = f32} : (tensor<?x8xf32>, tensor<4x8xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>, tensor<?x8xf32>, tensor<4xi32>, tensor<5xi32>, tensor<?xi32>, tensor<?xi32>)
    %l = moe.lm_head %h, %e : (tensor<?x8xf32>, tensor<16x8xf32>) -> tensor<?x16xf32>
    return %l : tensor<?x16xf32>
  }
}

// -----

// A weight slice (a fused parameter's row block, as DBRX's Wqkv) must be a
// static block of whole rows.
module {
  moe.param @"model.embed_tokens.weight" : tensor<16x8xf32>
  moe.param @"w" : tensor<8x16xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x16xf32> {
    %e = moe.weight @"model.embed_tokens.weight" : tensor<16x8xf32>
    %h = moe.embedding %e[%tokens] : (tensor<16x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
    %w = moe.weight @"w" : tensor<8x16xf32>
    %s = tensor.extract_slice %w[0, 8] [8, 8] [1, 1] : tensor<8x16xf32> to tensor<8x8xf32>
    // expected-error@+1 {{moe-lower-train-step: only a static row block of a [rows, cols] parameter is supported as a weight slice}}
    %x = moe.linear %h, %s : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
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
