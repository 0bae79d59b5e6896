/* main.c - the provcheck command: all the work is in libprovcheck. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
