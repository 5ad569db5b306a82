/* unit_main.c — run every unit test of tests.def. */
#include "harness.h"

int t_pass, t_fail;

int main(void)
{
#define TEST(name)                                                                                 \
    fprintf(stderr, "-- %s\n", #name);                                                             \
    name();
#include "tests.def"
#undef TEST
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail ? 1 : 0;
}
