// RUN: moe-opt %s --split-input-file --verify-diagnostics

// Diagnostics of moe.launch: arity and argument types against the kernel's
// signature, and the kernel symbol itself.

func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}
func.func private @plain(index, index)

func.func @bad(%x: memref<?x8xf32>, %v: memref<?xf32>, %i: index) {
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  // expected-error@+1 {{'moe.launch' op kernel @scale takes 4 arguments after (wg, nwg), launched with 3}}
  moe.launch @scale(%x, %v, %s) items(%i) : memref<?x8xf32>, memref<?xf32>, f32
  return
}

// -----
func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}
func.func private @plain(index, index)

func.func @bad(%x: memref<?x8xf32>, %v: memref<?xf32>, %i: index) {
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  // expected-error@+1 {{'moe.launch' op argument 1 has type 'memref<?x8xf32>', kernel @scale expects 'memref<?xf32, strided<[?], offset: ?>>'}}
  moe.launch @scale(%x, %x, %s, %f) items(%i) : memref<?x8xf32>, memref<?x8xf32>, f32, i64
  return
}

// -----
func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}
func.func private @plain(index, index)

func.func @bad(%x: memref<?x8xf32>, %v: memref<?xf32>, %i: index) {
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  // expected-error@+1 {{'moe.launch' op argument 3 has type 'f32', kernel @scale expects 'i64'}}
  moe.launch @scale(%x, %v, %s, %s) items(%i) : memref<?x8xf32>, memref<?xf32>, f32, f32
  return
}

// -----
func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}
func.func private @plain(index, index)

func.func @bad(%x: memref<?x8xf32>, %v: memref<?xf32>, %i: index) {
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  // expected-error@+1 {{'moe.launch' op @plain is not marked `moe.kernel`}}
  moe.launch @plain() items(%i)
  return
}

// -----
func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}
func.func private @plain(index, index)

func.func @bad(%x: memref<?x8xf32>, %v: memref<?xf32>, %i: index) {
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  // expected-error@+1 {{'moe.launch' op kernel @missing is not a function}}
  moe.launch @missing() items(%i)
  return
}

// -----

// Only the exchanges that move data have start and wait phases.
func.func @counts_start(%c: memref<4xi32>) {
  // expected-error @+1 {{expert_counts records statistics and cannot be split into start and wait}}
  moe.exchange <expert_counts> phase <start>(%c) {id = -1 : i64, layer = 0 : i64, ep_size = 1 : i64, placement = array<i64>} : memref<4xi32>
  return
}

// -----

// An all-reduce sums whole rank-1 f32 or i64 buffers, at once.
func.func @all_reduce_rank(%g: memref<4x4xf32>) {
  // expected-error @+1 {{all_reduce buffers must be rank-1 f32 or i64, got 'memref<4x4xf32>'}}
  moe.exchange <all_reduce>(%g) {id = -1 : i64, layer = -1 : i64, ep_size = 2 : i64, placement = array<i64>} : memref<4x4xf32>
  return
}

// -----

func.func @all_reduce_start(%g: memref<4xf32>) {
  // expected-error @+1 {{all_reduce cannot be split into start and wait}}
  moe.exchange <all_reduce> phase <start>(%g) {id = -1 : i64, layer = -1 : i64, ep_size = 2 : i64, placement = array<i64>} : memref<4xf32>
  return
}

// -----

func.func @all_reduce_empty() {
  // expected-error @+1 {{all_reduce needs at least one buffer}}
  moe.exchange <all_reduce>() {id = -1 : i64, layer = -1 : i64, ep_size = 2 : i64, placement = array<i64>}
  return
}
