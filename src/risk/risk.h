/*
 * risk — scores assets against the standards table (rules/standards/
 * standards.yaml): classical weakness now, quantum exposure weighted by
 * usage (key establishment and encryption weigh more than signatures:
 * harvest now, decrypt later), deadline proximity, and misuse findings.
 * The formula is documented in docs/RISK.md; every constant, date, status
 * and clause comes from the table, none from this code. Also the
 * repository-level figures (counts by severity, share of quantum-vulnerable
 * assets, quantum readiness).
 *
 * Ownership: a cg_risk_standards is immutable after cg_risk_load() and may
 * be shared as const; cg_risk_free() releases it. A cg_risk_result owns its
 * explanation and citations (cg_risk_result_dispose); its `entry` and
 * `replacement` are borrowed from the standards table, as is everything
 * cg_risk_roadmap_info() returns.
 */
#ifndef CG_RISK_H
#define CG_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/roadmap.h"

typedef struct cg_risk_standards cg_risk_standards;

/* Load the table. A malformed file fails with CG_EPARSE and
 * "file:line: key: reason" in cg_error_last(). */
int cg_risk_load(cg_risk_standards **out, const char *path);
void cg_risk_free(cg_risk_standards *st);
/* The table's version string; borrowed. */
const char *cg_risk_version(const cg_risk_standards *st);
/* Whether `profile` (nist, bsi, cnsa2, ...) is defined by the table. */
bool cg_risk_has_profile(const cg_risk_standards *st, const char *profile);
/* 0 when the table defines `profile`; else CG_ENOTFOUND with
 * "PATH: no profile 'x' (the table defines: nist, bsi, cnsa2)" as the
 * error (path: the table's file, for the message). */
int cg_risk_check_profile(const cg_risk_standards *st, const char *path,
                          const char *profile);
/* The roadmap phases and the CNSA 2.0 timeline of the table (its
 * `roadmap:` and `cnsa2:` sections, each entry with its citation), as plain
 * data for the emitters. Borrowed: valid until cg_risk_free(st). */
const cg_roadmap_facts *cg_risk_roadmap_info(const cg_risk_standards *st);

/* What the scorer needs to know about an asset (borrowed strings). */
typedef struct {
	const char *name;          /* canonical name, e.g. "RSA-2048" */
	const char *family;        /* e.g. "RSA" */
	const char *primitive;     /* CycloneDX primitive */
	const char *functions;     /* comma-separated cryptoFunctions */
	const char *parameter_set; /* key size when known, else NULL */
	const char *mode;          /* lower-case mode, or NULL */
	int classical;             /* classical strength in bits */
	int misuses;               /* misuse findings on the asset (0 now) */
	bool non_security;         /* evidence of a non-security use */
	const char *usage;         /* usage context override, or NULL */
} cg_risk_asset;

/* Severities, most severe first. */
#define CG_RISK_NSEVERITIES 5
extern const char *const cg_risk_severities[CG_RISK_NSEVERITIES];

typedef struct {
	int score;                /* 0..100 */
	const char *severity;     /* one of cg_risk_severities */
	char usage[32];           /* usage context assumed */
	const char *entry;        /* standards entry id (borrowed) */
	const char *replacement;  /* (borrowed) */
	bool quantum_vulnerable;  /* broken by Shor's algorithm */
	bool low_confidence;      /* a parameter was assumed */
	double k, q, u, qt, prox; /* the factors (docs/RISK.md) */
	int y_q;                  /* quantum deadline used, 0 = none */
	char *explanation;        /* the factors and the formula (owned) */
	char *citations;          /* the clauses cited, "; "-separated */
} cg_risk_result;

/* Score one asset under `profile` in calendar year `year`. Fails only on
 * an unknown profile (CG_ENOTFOUND). */
int cg_risk_score(cg_risk_result *out, const cg_risk_standards *st,
                  const char *profile, int year, const cg_risk_asset *a);
void cg_risk_result_dispose(cg_risk_result *r);

/* Repository-level figures, accumulated over scored assets. */
typedef struct {
	uint64_t counts[CG_RISK_NSEVERITIES];
	size_t n;            /* assets */
	size_t nquantum;     /* quantum-vulnerable assets */
	double exposure_sum; /* sum of q * U */
} cg_risk_totals;

void cg_risk_totals_add(cg_risk_totals *t, const cg_risk_result *r);
/* Share (0..1) of quantum-vulnerable assets; 0 when there are none. */
double cg_risk_totals_quantum_share(const cg_risk_totals *t);
/* Quantum readiness 0..100: round(100 * (1 - mean(q * U))); 100 for a
 * tree without assets. */
int cg_risk_totals_readiness(const cg_risk_totals *t);
/* Index of a severity name in cg_risk_severities, or -1. */
int cg_risk_severity_index(const char *severity);

#endif
