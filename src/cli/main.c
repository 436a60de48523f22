#include <stdio.h>
int main(void) { puts("govforms"); return 0; }
