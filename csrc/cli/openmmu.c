/* Placeholder main until the CLI lands. */
#include <stdio.h>
int main(void)
{
    fprintf(stderr, "openmmu: not built yet\n");
    return 2;
}
