/*
 * replay.c: run a fuzz target over its corpus without libFuzzer, so
 * that make check replays every corpus under gcc's ASan and UBSan.
 *
 *	replay_fuzz_table [FILE | DIR ...]
 *
 * Without operands it reads every file of
 * $SM_TOP/tests/fuzz/corpus/TARGET (TARGET is the name the Makefile
 * compiles in, "table" for fuzz_table).  Each file is copied into an
 * allocation of exactly its size and handed to
 * LLVMFuzzerTestOneInput().  The inputs run in a child process, which
 * writes the name of the input it is on into shared memory, so that
 * when it crashes or a sanitizer stops it, the parent can name the
 * input in a TAP line ("not ok 1 - fuzz_table: FILE: signal 6").
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_TARGET
#define FUZZ_TARGET	"unknown"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Shared with the parent: the input being run. */
struct progress {
	char		 name[4096];
	unsigned long	 done;
};

static struct progress	*prog;

static int
run_file(const char *path)
{
	struct stat	 st;
	uint8_t		*buf;
	size_t		 got = 0;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	snprintf(prog->name, sizeof(prog->name), "%s", path);
	/* Exactly the file's size, so that a read past it is caught. */
	if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
		fclose(fp);
		return -1;
	}
	if (st.st_size > 0)
		got = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	if (got != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	prog->done++;
	return 0;
}

static int
notdot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int
run_path(const char *path)
{
	struct dirent	**ents;
	struct stat	 st;
	char		 sub[4096];
	int		 i, n, rv = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	if ((n = scandir(path, &ents, notdot, alphasort)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name);
		if (rv == 0 && run_file(sub) == -1)
			rv = -1;
		free(ents[i]);
	}
	free(ents);
	return rv;
}

int
main(int argc, char *argv[])
{
	char		 dflt[4096];
	const char	*top;
	pid_t		 pid;
	int		 i, status;

	prog = mmap(NULL, sizeof(*prog), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (prog == MAP_FAILED) {
		perror("replay: mmap");
		return 1;
	}
	memset(prog, 0, sizeof(*prog));
	if ((top = getenv("SM_TOP")) == NULL)
		top = ".";
	snprintf(dflt, sizeof(dflt), "%s/tests/fuzz/corpus/%s", top,
	    FUZZ_TARGET);
	printf("1..1\n");
	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("replay: fork");
		return 1;
	}
	if (pid == 0) {
		if (LLVMFuzzerInitialize != NULL)
			LLVMFuzzerInitialize(&argc, &argv);
		if (argc < 2)
			_exit(run_path(dflt) == 0 ? 0 : 3);
		for (i = 1; i < argc; i++)
			if (run_path(argv[i]) == -1)
				_exit(3);
		exit(0);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			perror("replay: waitpid");
			return 1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && prog->done > 0) {
		printf("ok 1 - fuzz_%s: %lu inputs\n", FUZZ_TARGET, prog->done);
		return 0;
	}
	if (prog->done == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("not ok 1 - fuzz_%s: no inputs in %s\n", FUZZ_TARGET,
		    argc < 2 ? dflt : argv[1]);
	else if (WIFSIGNALED(status))
		printf("not ok 1 - fuzz_%s: %s: signal %d\n", FUZZ_TARGET,
		    prog->name, WTERMSIG(status));
	else if (WEXITSTATUS(status) == 3)
		printf("not ok 1 - fuzz_%s: cannot read the corpus\n",
		    FUZZ_TARGET);
	else
		printf("not ok 1 - fuzz_%s: %s: exit %d (a sanitizer report "
		    "or a leak at exit; see stderr)\n", FUZZ_TARGET,
		    prog->name, WEXITSTATUS(status));
	return 1;
}
