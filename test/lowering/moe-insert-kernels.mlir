// RUN: moe-opt %s --moe-insert-kernels="names=kv_load_cbf16,copy" | FileCheck %s
// RUN: not moe-opt %s --moe-insert-kernels="names=no_such_kernel" 2>&1 | FileCheck %s --check-prefix=BAD

// A kernel with a source file comes as it is; a derived one (the
// bf16-storage variant of kv_load: its cache argument bf16) is made from its
// base's, which is not inserted. A kernel already in the module is kept.
// CHECK-LABEL: func.func @copy(
// CHECK-SAME: %{{[a-z0-9]+}}: memref<?x?x?xf32
// CHECK-NEXT: return
// CHECK-LABEL: func.func @kv_load_cbf16(
// CHECK-SAME: %[[KV:[a-z0-9]+]]: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>, %{{[a-z0-9]+}}: memref<?xi64
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
// CHECK-SAME: moe.kernel
// CHECK: %[[X:.*]] = memref.load %[[KV]][{{.*}}] : memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[X]] : bf16 to f32
// CHECK-NEXT: memref.store %[[W]], %[[OUT]][
// CHECK-NOT: func.func @kv_load(

// BAD: error: no kernel named 'no_such_kernel' in the library

func.func @copy(%wg: index, %nwg: index, %x: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) {
  return
}
