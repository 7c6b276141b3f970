/*
 * csvbare: the speed reference of `make bench`.  A bare libcsv parse of
 * one CSV file (or standard input), read in 64 KiB blocks, that only
 * counts fields and records and prints "RECORDS FIELDS".  Whatever sm
 * does on top of parsing is measured against this.
 *
 * libcsv is set up as libsales/table.c sets it up: strict mode, and
 * spaces kept as part of a field (RFC 4180 section 2.4), which takes a
 * space function that matches nothing.  -t leaves libcsv's default,
 * which trims spaces and tabs around unquoted fields, to show what that
 * function costs.
 *
 *	cc -O2 -o csvbare bench/csvbare.c -lcsv
 *	csvbare [-t] [-d delim] [file]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

struct counts {
	unsigned long long	 fields;
	unsigned long long	 records;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct counts	*n = data;

	n->fields++;
}

static void
on_record(int c, void *data)
{
	struct counts	*n = data;

	n->records++;
}

static int
nospace(unsigned char c)
{
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: csvbare [-t] [-d delim] [file]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static char		 buf[65536];
	struct csv_parser	 p;
	struct counts		 n = { 0, 0 };
	FILE			*fp = stdin;
	const char		*name = "stdin";
	size_t			 len;
	int			 ch, delim = ',', trim = 0;

	while ((ch = getopt(argc, argv, "d:t")) != -1) {
		switch (ch) {
		case 'd':
			delim = (unsigned char)optarg[0];
			break;
		case 't':
			trim = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1 && strcmp(argv[0], "-") != 0) {
		name = argv[0];
		if ((fp = fopen(name, "r")) == NULL) {
			fprintf(stderr, "csvbare: %s: %s\n", name,
			    strerror(errno));
			return 1;
		}
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fprintf(stderr, "csvbare: cannot initialise libcsv\n");
		return 1;
	}
	csv_set_delim(&p, (unsigned char)delim);
	if (!trim)
		csv_set_space_func(&p, nospace);
	while ((len = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (csv_parse(&p, buf, len, on_field, on_record, &n) != len) {
			fprintf(stderr, "csvbare: %s: %s\n", name,
			    csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "csvbare: %s: read error\n", name);
		return 1;
	}
	if (csv_fini(&p, on_field, on_record, &n) != 0) {
		fprintf(stderr, "csvbare: %s: %s\n", name,
		    csv_strerror(csv_error(&p)));
		return 1;
	}
	csv_free(&p);
	printf("%llu %llu\n", n.records, n.fields);
	return 0;
}
