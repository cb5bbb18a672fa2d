/* web/program.h — view models shared by web/program.c (programs) and
 * web/enrollment.c (applications), which show each other's records: the
 * program page shows your application, the application pages show the
 * program and its questions. Shapes are documented in docs/API.md.
 *
 * Ownership: each json_t returned is a new reference for the caller to
 * place in the view. */
#ifndef PEERCOACH_WEB_PROGRAM_H
#define PEERCOACH_WEB_PROGRAM_H

#include "domain/program.h"
#include "web/web.h"

/* The program's own fields, with labels pages print ("every two weeks"). */
json_t *web_program_view(struct web *w, const struct program *p);
/* One readiness question. */
json_t *web_question_view(const struct readiness_question *q);
/* An application, with each answer beside its question's text. */
json_t *web_enrollment_view(struct web *w, const struct enrollment *e,
                            const struct readiness_question *questions, int nquestions);
/* Load program_id as the asker may see it and set view "program" to the
 * program page's model (questions, organizers, your application, and for
 * its organizers counts and next states). *out (may be NULL) receives it. */
int web_program_fill(struct web *w, int64_t program_id, struct program_detail *out);

#endif
