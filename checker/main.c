/* main.c - the provcheck command: all the work is in libprovcheck. */
#include "cli.h"
#include "doc.h"

int main(int argc, char **argv)
{
	doc_alloc_tune();
	return cli_main(argc, argv);
}
