/*
 * interrupt.h - SIGINT/SIGTERM for long commands. The handler only sets
 * a flag; commands look at it between documents, so that the current
 * document's transaction finishes and the run is closed as
 * "interrupted", and the link checker polls it between turns of its
 * event loop (linkcheck_set_stop(); the signal also cuts its wait
 * short). A second signal takes the default action (SA_RESETHAND).
 */
#ifndef PROVCHECK_INTERRUPT_H
#define PROVCHECK_INTERRUPT_H

#include <signal.h>

#define EXIT_INTERRUPTED 130

struct interrupt_saved {
	struct sigaction old_int, old_term;
	int installed;
};

void interrupt_install(struct interrupt_saved *s);
void interrupt_restore(struct interrupt_saved *s);
/* The signal received since interrupt_install(), or 0. */
int interrupt_pending(void);

#endif
