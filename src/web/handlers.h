/* handlers.h — every handler the route table (dispatch.c) refers to,
 * grouped by the file that defines it. */
#ifndef PEERCOACH_HANDLERS_H
#define PEERCOACH_HANDLERS_H

#include "web/web.h"

/* health.c */
int web_health(struct web *w);

/* home.c */
int web_home(struct web *w);

/* auth.c */
int web_signup_form(struct web *w);
int web_signup(struct web *w);
int web_login_form(struct web *w);
int web_login(struct web *w);
int web_logout(struct web *w);
int web_password_form(struct web *w);
int web_password_change(struct web *w);

/* me.c */
int web_me_show(struct web *w);
int web_me_update(struct web *w);

/* people.c */
int web_people_list(struct web *w);
int web_person_show(struct web *w);
int web_person_update(struct web *w);

/* admin.c */
int web_settings_show(struct web *w);
int web_settings_update(struct web *w);
int web_invitations_list(struct web *w);
int web_invitation_create(struct web *w);
int web_audit_list(struct web *w);

/* --- programs and enrollment: program.c, enrollment.c --- */
/* --- end programs --- */

/* --- partnerships: partnership.c, agreement.c, message.c --- */
/* --- end partnerships --- */

/* --- goals: goal.c --- */
/* --- end goals --- */

/* --- sessions: session.c, feedback.c --- */
/* --- end sessions --- */

/* --- reflections: reflection.c --- */
/* --- end reflections --- */

/* --- program health: program_health.c --- */
/* --- end program health --- */

#endif
