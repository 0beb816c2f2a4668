/* Kernel-level scenario ops: placeholder table until the kernel model lands. */
#include "scenario/scenario.h"

const scn_op scn_kernel_ops[] = {
    {NULL, NULL},
};
