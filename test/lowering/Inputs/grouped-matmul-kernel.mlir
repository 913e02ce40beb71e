// A kernel with the name and arguments of the library's grouped_matmul_nt,
// which has a CUDA block version (lowering/kernels/block/); its body does
// not matter to moe-kernels-to-gpu.
func.func @grouped_matmul_nt(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %bias: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %has_bias: i64) attributes {llvm.emit_c_interface, moe.kernel} {
  return
}

// Its bf16-weight variant (moe-weights-to-bf16), which has no block file of
// its own: it gets grouped_matmul_nt's, with the loads of w widened.
func.func @grouped_matmul_nt_wbf16(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>,
    %bias: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %has_bias: i64) attributes {llvm.emit_c_interface, moe.kernel} {
  return
}
