// The example out-of-tree pass plugin loads into moe-opt and runs on moe IR.
// RUN: moe-opt %s --load-pass-plugin=%moe_lib_dir/MoEExamplePlugin.so --pass-pipeline='builtin.module(moe-example-count-experts)' | FileCheck %s
// RUN: moe-opt --load-pass-plugin=%moe_lib_dir/MoEExamplePlugin.so --help | FileCheck %s --check-prefix=HELP
// RUN: not moe-opt %s --load-pass-plugin=%moe_lib_dir/NoSuchPlugin.so 2>&1 | FileCheck %s --check-prefix=MISSING

// HELP: --moe-example-count-experts
// MISSING: moe-opt: --load-pass-plugin: plugin '{{.*}}NoSuchPlugin.so' does not exist

// CHECK: module attributes {example.moe_layers = 1 : i64, example.routed_experts = 8 : i64}
// CHECK: moe.experts
// CHECK-SAME: example.intermediate_size = 16 : i64
// CHECK-SAME: example.num_experts = 8 : i64
func.func @layer(%rows: tensor<?x32xf32>, %counts: tensor<8xi32>, %g: tensor<8x16x32xf32>, %d: tensor<8x32x16xf32>) -> tensor<?x32xf32> {
  %y = moe.experts %rows, %counts gate(%g) up(%g) down(%d)
      : (tensor<?x32xf32>, tensor<8xi32>, tensor<8x16x32xf32>, tensor<8x16x32xf32>, tensor<8x32x16xf32>) -> tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}
