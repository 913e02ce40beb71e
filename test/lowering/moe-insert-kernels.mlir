// RUN: moe-opt %s --moe-insert-kernels="names=mla_expand_cbf16,copy" | FileCheck %s
// RUN: not moe-opt %s --moe-insert-kernels="names=no_such_kernel" 2>&1 | FileCheck %s --check-prefix=BAD

// A kernel with a source file comes as it is; a derived one (the
// bf16-storage variant of mla_expand: its latent cache argument bf16) is
// made from its base's, which is not inserted. A kernel already in the
// module is kept.
// CHECK-LABEL: func.func @copy(
// CHECK-SAME: %{{[a-z0-9]+}}: memref<?x?x?xf32
// CHECK-NEXT: return
// CHECK-LABEL: func.func @mla_expand_cbf16(
// CHECK-SAME: %[[KV:[a-z0-9]+]]: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>, %{{[a-z0-9]+}}: memref<?x?xf32
// CHECK-SAME: moe.kernel
// CHECK: memref.extract_strided_metadata %[[KV]] : memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>> -> memref<bf16>,
// CHECK: memref.reinterpret_cast %{{.*}} : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
// CHECK: %[[X:.*]] = vector.load %{{.*}} : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
// CHECK-NEXT: arith.extf %[[X]] : vector<16xbf16> to vector<16xf32>
// CHECK-NOT: func.func @mla_expand(

// BAD: error: no kernel named 'no_such_kernel' in the library

func.func @copy(%wg: index, %nwg: index, %x: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) {
  return
}
