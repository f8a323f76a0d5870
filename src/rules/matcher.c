/* matcher.c — the multi-literal pre-filter: an Aho-Corasick automaton
 * compiled to a dense, case-insensitive DFA (one pass over the bytes,
 * whatever the number of literals). Module-internal to rules. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"
#include "matcher.h"

struct cg_matcher {
	int32_t (*delta)[256]; /* transitions, complete after build */
	int32_t *out;          /* literal ending at the state, or -1 */
	int32_t *same;         /* next literal with the same text, or -1 */
	size_t *llen;          /* text length of each literal */
	uint8_t *bound;        /* BOUND_LEFT | BOUND_RIGHT per literal */
	int32_t *dict;         /* nearest suffix state with an output, or -1 */
	int32_t *fail;
	size_t nstates;
	size_t cap;
	/* the scanning form: bytes mapped to classes (bytes no literal has,
	 * case folded, share class 0), one row of ncls entries per state, an
	 * entry holding the next state's row offset, negative (~offset) when
	 * a literal ends there: one load per byte on the common path */
	uint8_t cls[256];
	size_t ncls;
	int32_t *next;
};

static int32_t new_state(cg_matcher *m)
{
	if (m->nstates == m->cap) {
		/* the per-state arrays grow together, to delta's capacity */
		cg_reserve(m->delta, m->cap, cg_array__add(m->nstates, 1));
		m->out = cg_realloc_array(m->out, m->cap, sizeof(int32_t));
		m->dict = cg_realloc_array(m->dict, m->cap, sizeof(int32_t));
		m->fail = cg_realloc_array(m->fail, m->cap, sizeof(int32_t));
	}
	int32_t s = (int32_t)m->nstates++;
	for (int c = 0; c < 256; c++)
		m->delta[s][c] = -1;
	m->out[s] = -1;
	m->dict[s] = -1;
	m->fail[s] = 0;
	return s;
}

#define BOUND_LEFT 1  /* "\\bword": no identifier byte before */
#define BOUND_RIGHT 2 /* "word\\b": no identifier byte after */

static int ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

cg_matcher *cg_matcher_new(const char *const *lits, size_t n)
{
	cg_matcher *m = cg_calloc(1, sizeof(*m));
	m->same = cg_calloc(n ? n : 1, sizeof(int32_t));
	m->llen = cg_calloc(n ? n : 1, sizeof(size_t));
	m->bound = cg_calloc(n ? n : 1, sizeof(uint8_t));
	new_state(m);
	for (size_t i = 0; i < n; i++) {
		const char *a = lits[i];
		size_t len = strlen(a);
		if (len > 2 && a[0] == '\\' && a[1] == 'b') {
			m->bound[i] |= BOUND_LEFT;
			a += 2;
			len -= 2;
		}
		if (len > 2 && a[len - 2] == '\\' && a[len - 1] == 'b') {
			m->bound[i] |= BOUND_RIGHT;
			len -= 2;
		}
		m->llen[i] = len;
		int32_t s = 0;
		for (size_t k = 0; k < len; k++) {
			unsigned char c = lower((unsigned char)a[k]);
			if (m->delta[s][c] < 0) {
				int32_t t = new_state(m);
				m->delta[s][c] = t;
			}
			s = m->delta[s][c];
		}
		/* literals of the same text share the state: chain them */
		m->same[i] = m->out[s];
		m->out[s] = (int32_t)i;
	}
	/* breadth-first: failure links and complete transitions */
	int32_t *queue = cg_malloc(m->nstates * sizeof(int32_t));
	size_t head = 0, tail = 0;
	for (int c = 0; c < 256; c++) {
		int32_t t = m->delta[0][c];
		if (t < 0) {
			m->delta[0][c] = 0;
		} else {
			m->fail[t] = 0;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		int32_t s = queue[head++];
		int32_t f = m->fail[s];
		m->dict[s] = m->out[f] >= 0 ? f : m->dict[f];
		for (int c = 0; c < 256; c++) {
			int32_t t = m->delta[s][c];
			if (t < 0) {
				m->delta[s][c] = m->delta[f][c];
			} else {
				m->fail[t] = m->delta[f][c];
				queue[tail++] = t;
			}
		}
	}
	cg_free(queue);
	/* case-insensitivity: upper-case bytes move like lower-case ones */
	for (size_t s = 0; s < m->nstates; s++)
		for (int c = 'A'; c <= 'Z'; c++)
			m->delta[s][c] = m->delta[s][c - 'A' + 'a'];
	/* byte classes: the bytes of the literals (lower case) */
	bool used[256] = { false };
	for (size_t i = 0; i < n; i++)
		for (const char *a = lits[i]; *a; a++)
			used[lower((unsigned char)*a)] = true;
	m->ncls = 1;
	for (int c = 0; c < 256; c++)
		if (used[lower((unsigned char)c)] &&
		    c == lower((unsigned char)c))
			m->cls[c] = (uint8_t)m->ncls++;
	for (int c = 'A'; c <= 'Z'; c++)
		m->cls[c] = m->cls[c - 'A' + 'a'];
	int cls_byte[256]; /* a representative byte per class */
	cls_byte[0] = -1;
	for (int c = 0; c < 256; c++)
		if (m->cls[c])
			cls_byte[m->cls[c]] = c;
	for (int c = 0; c < 256 && cls_byte[0] < 0; c++)
		if (!m->cls[c])
			cls_byte[0] = c;
	m->next = cg_calloc(m->nstates * m->ncls, sizeof(int32_t));
	for (size_t s = 0; s < m->nstates; s++)
		for (size_t k = 0; k < m->ncls; k++) {
			/* class 0: every byte of it moves alike (to a state
			 * reached by no literal byte) */
			int32_t t =
			    cls_byte[k] >= 0 ? m->delta[s][cls_byte[k]] : 0;
			int32_t off = t * (int32_t)m->ncls;
			bool emits = m->out[t] >= 0 || m->dict[t] >= 0;
			m->next[s * m->ncls + k] = emits ? ~off : off;
		}
	return m;
}

size_t cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                       uint8_t *present, size_t nlits)
{
	size_t found = 0;
	const unsigned char *p = (const unsigned char *)text;
	const int32_t *next = m->next;
	const uint8_t *cls = m->cls;
	int32_t off = 0;
	for (size_t i = 0; i < len; i++) {
		off = next[off + cls[p[i]]];
		if (off >= 0)
			continue;
		off = ~off;
		int32_t s = off / (int32_t)m->ncls;
		for (int32_t t = m->out[s] >= 0 ? s : m->dict[s]; t >= 0;
		     t = m->dict[t]) {
			for (int32_t id = m->out[t]; id >= 0;
			     id = m->same[id]) {
				if (present[id >> 3] & (1u << (id & 7)))
					continue;
				uint8_t b = m->bound[id];
				if (b) {
					size_t start = i + 1 - m->llen[id];
					if (((b & BOUND_LEFT) && start > 0 &&
					     ident(p[start - 1])) ||
					    ((b & BOUND_RIGHT) && i + 1 < len &&
					     ident(p[i + 1])))
						continue;
				}
				present[id >> 3] |= (uint8_t)(1u << (id & 7));
				if (++found == nlits)
					return found;
			}
		}
	}
	return found;
}

void cg_matcher_free(cg_matcher *m)
{
	if (!m)
		return;
	cg_free(m->delta);
	cg_free(m->out);
	cg_free(m->same);
	cg_free(m->llen);
	cg_free(m->bound);
	cg_free(m->dict);
	cg_free(m->fail);
	cg_free(m->next);
	cg_free(m);
}
