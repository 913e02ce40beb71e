// A two-op model (embedding + lm_head) whose logits are easy to compute by hand.
module {
  moe.param @embed : tensor<4x2xf32>
  moe.param @head : tensor<3x2xf32>
  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>, %sequences: tensor<?xi64>) -> tensor<?x3xf32> {
    %0 = moe.weight @embed : tensor<4x2xf32>
    %1 = moe.embedding %0[%tokens] : (tensor<4x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
    %2 = moe.weight @head : tensor<3x2xf32>
    %3 = moe.lm_head %1, %2 : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x3xf32>
    return %3 : tensor<?x3xf32>
  }
}
