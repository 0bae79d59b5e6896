#include "interrupt.h"

#include <string.h>

static volatile sig_atomic_t pending;

static void on_signal(int sig)
{
	pending = sig;
}

/*
 * SA_RESTART: a signal must not make a read or an SQLite write fail
 * half-way; the loop looks at the flag between documents.
 */
void interrupt_install(struct interrupt_saved *s)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	pending = 0;
	sigaction(SIGINT, &sa, &s->old_int);
	sigaction(SIGTERM, &sa, &s->old_term);
	s->installed = 1;
}

void interrupt_restore(struct interrupt_saved *s)
{
	if (!s->installed)
		return;
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	s->installed = 0;
}

int interrupt_pending(void)
{
	return pending;
}
