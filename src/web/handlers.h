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
int web_program_list(struct web *w);
int web_program_new_form(struct web *w);
int web_program_create(struct web *w);
int web_program_show(struct web *w);
int web_program_edit_form(struct web *w);
int web_program_update(struct web *w);
int web_program_set_state(struct web *w);
int web_program_question_add(struct web *w);
int web_program_question_remove(struct web *w);
int web_program_organizer_add(struct web *w);
int web_enrollment_apply_form(struct web *w);
int web_enrollment_apply(struct web *w);
int web_enrollment_list(struct web *w);
int web_enrollment_decide(struct web *w);
int web_enrollment_withdraw(struct web *w);
/* --- end programs --- */

/* --- partnerships: partnership.c, agreement.c, message.c --- */
int web_partnerships_mine(struct web *w);
int web_partnership_show(struct web *w);
int web_partnership_accept(struct web *w);
int web_partnership_decline(struct web *w);
int web_partnership_pause(struct web *w);
int web_partnership_resume(struct web *w);
int web_partnership_leave_form(struct web *w);
int web_partnership_leave(struct web *w);
int web_partnership_report_form(struct web *w);
int web_partnership_report(struct web *w);
int web_program_partnerships(struct web *w);
int web_program_partnership_create(struct web *w);
int web_program_partnership_end(struct web *w);
int web_program_problem_reports(struct web *w);
int web_program_problem_report_resolve(struct web *w);
int web_agreement_show(struct web *w);
int web_agreement_update(struct web *w);
int web_agreement_sign(struct web *w);
int web_agreement_version(struct web *w);
int web_messages_list(struct web *w);
int web_message_post(struct web *w);
/* --- end partnerships --- */

/* --- goals: goal.c --- */
int web_goals_list(struct web *w);
int web_goal_new_form(struct web *w);
int web_goal_create(struct web *w);
int web_goal_show(struct web *w);
int web_goal_edit_form(struct web *w);
int web_goal_update(struct web *w);
int web_goal_status(struct web *w);
int web_goal_checkin(struct web *w);
/* --- end goals --- */

/* --- sessions: session.c, feedback.c --- */
int web_session_list(struct web *w);
int web_session_schedule(struct web *w);
int web_session_show(struct web *w);
int web_session_update(struct web *w);
int web_session_status(struct web *w);
int web_session_agenda_add(struct web *w);
int web_session_notes_save(struct web *w);
int web_session_goal_link(struct web *w);
int web_session_action_add(struct web *w);
int web_action_update(struct web *w);
int web_feedback_give(struct web *w);
int web_coaching_skills(struct web *w);
/* --- end sessions --- */

/* --- reflections: reflection.c --- */
int web_reflections_list(struct web *w);
int web_reflection_new_form(struct web *w);
int web_reflection_create(struct web *w);
int web_reflection_show(struct web *w);
int web_reflection_edit_form(struct web *w);
int web_reflection_update(struct web *w);
int web_reflection_delete(struct web *w);
/* --- end reflections --- */

/* --- matching: matching.c --- */
int web_matching_show(struct web *w);
int web_matching_rules_show(struct web *w);
int web_matching_rules_update(struct web *w);
int web_matching_run_create(struct web *w);
int web_matching_run_show(struct web *w);
int web_matching_group_lock(struct web *w);
int web_matching_group_unlock(struct web *w);
int web_matching_move(struct web *w);
int web_matching_rerun(struct web *w);
int web_matching_publish(struct web *w);
int web_matching_preferences_show(struct web *w);
int web_matching_preferences_update(struct web *w);
/* --- end matching --- */

/* --- program health: program_health.c --- */
int web_program_health(struct web *w);
int web_program_health_csv(struct web *w);
/* --- end program health --- */

#endif
