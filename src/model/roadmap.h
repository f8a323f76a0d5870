/*
 * model/roadmap.h — the standards facts the migration roadmap and the
 * report need: the roadmap phases with their deadlines and criteria, and
 * the NSA CNSA 2.0 timeline. Plain data, so that the risk module (which
 * loads them from rules/standards/standards.yaml, the `roadmap:` and
 * `cnsa2:` sections) and the emitters (which print them) share them without
 * depending on each other. Every entry names its source clause.
 *
 * Ownership: everything is borrowed from whoever filled the struct (for
 * cg_risk_roadmap_info(), the standards table, until cg_risk_free()).
 */
#ifndef CG_MODEL_ROADMAP_H
#define CG_MODEL_ROADMAP_H

#include <stddef.h>

/* Phases of the roadmap, most urgent first. The emitter places an asset by
 * its severity: the first phase takes critical and high, the second
 * medium, the third low (or info but quantum-vulnerable). */
#define CG_ROADMAP_NPHASES 3

typedef struct {
	const char *id;       /* act-now, by-2030, by-2035 (roadmap schema) */
	const char *title;    /* "Act now" */
	const char *deadline; /* YYYY-MM-DD; NULL: immediately */
	const char *event;    /* what the deadline marks (timeline), or NULL */
	const char *summary;  /* the criteria in a few words (report table) */
	const char *criteria; /* which assets belong to the phase, in words */
	const char *citation; /* the clauses the deadline comes from */
} cg_roadmap_phase_facts;

/* A CNSA 2.0 milestone of one system category. */
typedef struct {
	const char *category;
	int prefer_by;        /* "support and prefer" year; 0: none given */
	int exclusive_by;     /* "use exclusively" year */
	const char *citation; /* source clause */
} cg_cnsa2_milestone;

/* A CNSA 2.0 date that applies to every category. */
typedef struct {
	const char *date; /* YYYY-MM-DD */
	const char *event;
	const char *citation;
} cg_cnsa2_gate;

typedef struct {
	cg_roadmap_phase_facts phases[CG_ROADMAP_NPHASES];
	const cg_cnsa2_milestone *milestones; /* in table order */
	size_t nmilestones;
	const cg_cnsa2_gate *gates; /* in date order */
	size_t ngates;
	/* the exclusive-use deadline applied when an asset's system category
	 * is unknown (always, today), why, and its source */
	const char *default_deadline; /* YYYY-MM-DD */
	const char *default_basis;
	const char *default_citation;
} cg_roadmap_facts;

#endif
