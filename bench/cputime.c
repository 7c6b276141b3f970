/*
 * cputime: run a command with its standard output thrown away and print
 * "WALL CPU MAXRSS": wall seconds, user + system CPU seconds (to the
 * microsecond, from wait4(2)'s rusage) and peak resident KiB.  The
 * stopwatch of `make bench`; /usr/bin/time prints only hundredths.
 *
 *	cc -O2 -o cputime bench/cputime.c
 *	cputime CMD [ARG...]
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct rusage	 ru;
	struct timespec	 t0, t1;
	pid_t		 pid;
	int		 status, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: cputime command [argument ...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("cputime: fork");
		return 1;
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		perror("cputime: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("cputime: wait4");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %.4f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6, ru.ru_maxrss);
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}
