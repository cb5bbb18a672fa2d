/* main.c — placeholder while the command line is written. */
#include <stdio.h>
int main(void)
{
    puts("peercoach");
    return 0;
}
