// moe-overlap-a2a: asynchronous expert exchanges, the shared expert moved
// into the combine's flight, and the micro-batching per phase, by hand or
// from the cost model of a target description.
//
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-overlap-a2a | FileCheck %s
// CHECK: module attributes {{{.*}}moe.overlap = {decode = array<i64: 2, 2>, prefill = array<i64: 2, 2>}
// CHECK: moe.ep_dispatch {{.*}}moe.async
// CHECK: %[[OUT:.*]] = moe.ep_combine {{.*}} {moe.async}
// CHECK-NEXT: moe.weight @model.layers.1.mlp.shared_experts.gate_proj.weight
// CHECK-NEXT: moe.weight @model.layers.1.mlp.shared_experts.up_proj.weight
// CHECK-NEXT: moe.weight @model.layers.1.mlp.shared_experts.down_proj.weight
// CHECK-NEXT: %[[SHARED:.*]] = moe.shared_expert
// CHECK-NEXT: %[[ROUTED:.*]] = moe.combine %[[OUT]]
// CHECK-NEXT: moe.add %[[ROUTED]], %[[SHARED]]
//
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-overlap-a2a=micro-batches=3 | FileCheck %s --check-prefix=THREE
// THREE: moe.overlap = {decode = array<i64: 3, 3>, prefill = array<i64: 3, 3>}
//
// micro-batches=auto: with compute and transfers of similar length and a DMA
// engine, two micro-batches win from 16 prefill tokens on; the 2-token decode
// stays unsplit (the second micro-batch's fixed costs outweigh the overlap).
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 '--moe-overlap-a2a=micro-batches=auto target=%S/Inputs/target-balanced-link.json print-cost-model=true prefill-max-tokens=64 decode-max-tokens=2' | FileCheck %s --check-prefix=AUTO
// AUTO: moe-overlap-a2a: prefill T=1: 1 micro-batch {{.*}} -> unsplit
// AUTO: moe-overlap-a2a: prefill T=8: 1 micro-batch {{.*}} -> unsplit
// AUTO: moe-overlap-a2a: prefill T=16: 1 micro-batch {{.*}} -> split
// AUTO: moe-overlap-a2a: prefill T=64: 1 micro-batch {{.*}} -> split
// AUTO: moe-overlap-a2a: decode T=2: 1 micro-batch {{.*}} -> unsplit
// AUTO: moe.overlap = {decode = array<i64: 1, 0>, prefill = array<i64: 2, 16>}
//
// When a rank's CPU does its own copies (overlap_fraction 0) nothing hides a
// transfer and a split only adds fixed costs: auto never splits.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 '--moe-overlap-a2a=micro-batches=auto target=%S/Inputs/target-cpu-copies.json' | FileCheck %s --check-prefix=NEVER
// NEVER: moe.overlap = {decode = array<i64: 1, 0>, prefill = array<i64: 1, 0>}
//
// Diagnostics.
// RUN: not moe-opt %s --moe-overlap-a2a 2>&1 | FileCheck %s --check-prefix=NOEP
// NOEP: error: moe-overlap-a2a: no moe.ep_dispatch to overlap (run moe-expert-parallel with ep >= 2 first)
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-overlap-a2a=micro-batches=0 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: moe-overlap-a2a: micro-batches: expected 1 to 64 or 'auto', got '0'
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-overlap-a2a=micro-batches=auto 2>&1 | FileCheck %s --check-prefix=NOTARGET
// NOTARGET: error: moe-overlap-a2a: micro-batches=auto needs target=FILE (a target description JSON)
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 '--moe-overlap-a2a=micro-batches=auto target=%S/Inputs/target-bad.json' 2>&1 | FileCheck %s --check-prefix=BADTARGET
// BADTARGET: error: {{.*}}target-bad.json: field 'link_bytes_per_second': expected a positive number
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 '--moe-overlap-a2a=micro-batches=auto target=%t.missing.json' 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: moe-overlap-a2a: cannot read target '{{.*}}missing.json'

func.func @forward(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  return %x : tensor<?x8xf32>
}
