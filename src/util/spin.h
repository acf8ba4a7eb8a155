/*
 * spin.h — a tiny spin lock for the server's hot, very short critical
 * sections (a token bucket, a cache slot, a log buffer append).
 *
 * Two worker threads that take a pthread mutex at the same moment make one
 * of them sleep in the kernel (futex) and wake again: on a virtual machine
 * that costs more than the whole critical section many times over. These
 * sections are a few dozen instructions, so waiting in user space is
 * cheaper; a waiter that spins long (its holder was preempted) yields the
 * processor instead of burning it. Never hold one across a system call or
 * anything that can block.
 */
#ifndef TUNAS_UTIL_SPIN_H
#define TUNAS_UTIL_SPIN_H

#include <sched.h>
#include <stdatomic.h>

typedef struct {
	atomic_flag held;
} tunas_spin;

#define TUNAS_SPIN_INIT                                                                            \
	{                                                                                          \
		ATOMIC_FLAG_INIT                                                                   \
	}

static inline void tunas_spin_lock(tunas_spin *s)
{
	unsigned spins = 0;

	while (atomic_flag_test_and_set_explicit(&s->held, memory_order_acquire)) {
		if (++spins % 64 == 0)
			sched_yield();
#if defined(__x86_64__) || defined(__i386__)
		else
			__builtin_ia32_pause();
#endif
	}
}

static inline void tunas_spin_unlock(tunas_spin *s)
{
	atomic_flag_clear_explicit(&s->held, memory_order_release);
}

#endif
