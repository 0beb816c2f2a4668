# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# A static program without libc whose every byte the exec tests know: its text exits at
# once, its data holds one known word, its bss is three pages and a bit (tiny.ld lays it out).
    .section .text
    .globl _start
_start:
    mov $60, %eax           # exit(0)
    xor %edi, %edi
    syscall

    .section .data
    .balign 8
    .quad 0x1122334455667788
    .quad 0x99aabbccddeeff00

    .section .bss
    .balign 8
    .skip 0x3008
