// kv_load: the cached rows a call attends to, out of the cache: for every slot s in slots and
// position j in [0, max{positions[t] : slots[t] = s}], out[s, j, :, :] = cache[s, j, :, :]; other
// entries of out are untouched. Its bf16-storage variant kv_load_cbf16 (moe-kv-cache-to-bf16)
// widens a bf16 latent cache to f32 rows for mla_expand.
// Work: tokens split evenly over nwg. Token t copies the rows (m_t, positions[t]] of slot
// s = slots[t], m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = s}) (mla_expand's rule), so
// every needed row is copied once whatever the token order or nwg.
func.func @kv_load(%wg: index, %nwg: index,
    %cache: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>,
    %out: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %positions, %c0 : memref<?xi64, strided<[?], offset: ?>>
  %H = memref.dim %cache, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %D = memref.dim %cache, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %im1 = arith.constant -1 : i64
  %i1 = arith.constant 1 : i64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s = arith.index_cast %s64 : i64 to index
    // m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = slots[t]})
    %m64 = scf.for %tp = %c0 to %t step %c1 iter_args(%m = %im1) -> (i64) {
      %sp = memref.load %slots[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %pp = memref.load %positions[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %same = arith.cmpi eq, %sp, %s64 : i64
      %mx = arith.maxsi %m, %pp : i64
      %m2 = arith.select %same, %mx, %m : i64
      scf.yield %m2 : i64
    }
    // rows (m_t, p_t] of slot s
    %jlo64 = arith.addi %m64, %i1 : i64
    %jhi64 = arith.addi %p64, %i1 : i64
    %jlo = arith.index_cast %jlo64 : i64 to index
    %jhi0 = arith.index_cast %jhi64 : i64 to index
    %jhi = arith.maxsi %jhi0, %jlo : index
    scf.for %j = %jlo to %jhi step %c1 {
      scf.for %h = %c0 to %H step %c1 {
        scf.for %d = %c0 to %D step %c1 {
          %v = memref.load %cache[%s, %j, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          memref.store %v, %out[%s, %j, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
