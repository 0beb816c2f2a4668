// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* "tlbmodel": a fast, untimed model of the RTL's translation hierarchy that predicts its
 * TLB and paging-structure-cache counters exactly, at any geometry (docs/tlbmodel.md).
 *
 * It is the hierarchy of rtl/top/mmu_top.sv as it behaves for one request at a time: the
 * same port requests (backend/port_split.h), the L1 iTLB/dTLB (a set-associative 4 KiB array
 * beside a fully-associative large-page array), the unified L2 (4 KiB and 2 MiB; 1 GiB pages
 * only in the L1), the walker starting below the deepest PSC hit, the fill, replacement and
 * invalidation rules of each structure (tlbarray.h), a fault dropping the address from every
 * TLB and every PSC entry of the PCID, the dirty re-walk of a store whose cached entry has
 * D=0. Architectural results are the RTL's too, stale entries included.
 *
 * Counters: every BE_COUNTERS name the rtl backend reports, equal to it on any run, except
 * the timed and data-cache ones (cycles, stall_cycles, walk_cycles, dcache_*,
 * uncached_accesses, mem_stall_cycles, walk_refs_dcache, walk_refs_memory), which read 0. Not modelled: memory errors (RspMce; the model's memory never fails) and the
 * RTL's RandomRepl=1 (an LFSR stepped every cycle: not a function of the requests).
 *
 * Geometry: be_options.config with be_options.tlb applied (tlbmodel/geom.h). No --inject.
 */
#ifndef OPENMMU_TLBMODEL_TLBMODEL_H
#define OPENMMU_TLBMODEL_TLBMODEL_H

#include "backend/backend.h"

backend *tlbmodel_backend_create(const be_options *opt, char *err, size_t errlen);

#endif
