/* SPDX-License-Identifier: MIT */
/*
 * An ordinary C program, built with Debian's musl-gcc -static and run unmodified: it prints
 * through stdio, allocates with malloc, forks, and waits for its child, using only what the
 * C library does on Linux. It runs as init and reports in KTAP, like Trefoil's own tests; the
 * same binary runs on Linux too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed, n;

static void check(const char *name, int ok)
{
	printf("    %sok %d %s\n", ok ? "" : "not ", ++n, name);
	failed |= !ok;
}

int main(void)
{
	char *buf;
	int status = -1;
	pid_t pid;

	printf("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: musl\n    1..4\n");
	check("printf_reaches_the_console", 1);
	buf = malloc(1 << 20); /* large: musl takes it from mmap */
	check("malloc_of_a_megabyte_works", buf != NULL && (memset(buf, 'x', 1 << 20), buf[12345] == 'x'));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("    # hello from the child, pid %d, parent %d\n", getpid(), getppid());
		exit(42);
	}
	check("fork_returns_the_child_pid", pid > 0);
	check("waitpid_sees_the_childs_exit_status",
	      waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 42);
	printf("%sok 1 musl\n", failed ? "not " : "");
	return failed;
}
