# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Puts GTKWave's marker on one cycle and shows the cycles around it. The time (in ps, the
# waveform's unit: cycle N's rising edge is at 2N+1) comes from the environment, as
# `openmmu --wave-on-fail` prints it:
#   OPENMMU_MARK=T gtkwave W.fst sim/openmmu.gtkw -S sim/gtkw_mark.tcl
if {![info exists ::env(OPENMMU_MARK)] || ![string is wideinteger -strict $::env(OPENMMU_MARK)]} {
    puts "gtkw_mark.tcl: set OPENMMU_MARK to the time of the marker (2N+1 for cycle N)"
} else {
    set t $::env(OPENMMU_MARK)
    gtkwave::setMarker $t
    # 40 cycles before the marker, 20 after
    set lo [expr {$t > 80 ? $t - 80 : 0}]
    gtkwave::setZoomRangeTimes $lo [expr {$t + 40}]
}
