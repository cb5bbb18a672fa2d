/* agreement.c — a partnership's agreement on the web: the current
 * version with its signatures and who still has to sign, the edit form,
 * the sign button, and earlier versions.
 *
 * The API takes typed JSON (session_minutes and version are integers); the
 * form sends text, parsed here into the same struct agreement_edit, so
 * domain/agreement.c checks one shape only. Edits and signatures carry the
 * version the member was looking at, so nobody overwrites or signs a text
 * they have not read. */
#include <stdlib.h>
#include <string.h>

#include "domain/agreement.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/partnership.h"
#include "web/view.h"

static json_t *cadences_view(const char *selected)
{
    json_t *list = json_array();
    for (const char *const *c = agreement_cadences; *c; c++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", *c, "text",
                                              agreement_cadence_text(*c), "selected",
                                              selected && !strcmp(selected, *c)));
    return list;
}

static const char *agreement_path(struct web *w, int64_t partnership_id)
{
    return arena_printf(w->ctx.arena, "%s/partnerships/%lld/agreement", w->is_api ? "/api/v1" : "",
                        (long long)partnership_id);
}

static json_t *person_or_null(int64_t id, const char *name)
{
    return id && name ? view_person_brief(id, name) : json_null();
}

/* Only links we can vouch for are made clickable: http and https. */
static json_t *version_view(struct web *w, const struct agreement_detail *d)
{
    const struct agreement_version *v = &d->version;
    json_t *signatures = json_array();
    for (int i = 0; i < d->signature_count; i++)
        json_array_append_new(
            signatures,
            json_pack("{s:o, s:o}", "user",
                      view_person_brief(d->signatures[i].user_id, d->signatures[i].name),
                      "signed_at", view_time(d->signatures[i].signed_at)));
    json_t *awaiting = json_array();
    for (int i = 0; i < d->status.awaiting_count; i++)
        json_array_append_new(
            awaiting, view_person_brief(d->status.awaiting[i].user_id, d->status.awaiting[i].name));
    json_t *o = json_pack(
        "{s:I, s:b, s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:b, s:b, s:o}", "version",
        (json_int_t)v->version, "is_current", d->is_current, "current_version",
        (json_int_t)d->status.version, "cadence", v->cadence, "cadence_text",
        agreement_cadence_text(v->cadence), "session_minutes", (json_int_t)v->session_minutes,
        "location", v->location, "created_by", person_or_null(v->created_by, v->created_by_name),
        "created_at", view_time(v->created_at), "signatures", signatures, "in_force",
        d->status.is_in_force, "signed_by_me", d->status.has_signed, "awaiting", awaiting);
    view_set_markdown(o, "body", v->body, w->ctx.arena);
    if (view_is_web_link(v->location))
        json_object_set_new(o, "location_url", json_string(v->location));
    if (!w->is_api) {
        json_object_set_new(o, "created_text", web_partnership_time_text(v->created_at));
        json_object_set_new(o, "signature_count", json_integer(d->signature_count));
        json_object_set_new(o, "has_location", json_boolean(*v->location != '\0'));
        json_object_set_new(o, "has_signatures", json_boolean(d->signature_count > 0));
        json_object_set_new(o, "has_awaiting", json_boolean(d->status.awaiting_count > 0));
    }
    return o;
}

static json_t *versions_view(struct web *w, int64_t partnership_id,
                             const struct agreement_detail *d)
{
    json_t *list = json_array();
    for (int i = 0; i < d->version_count; i++) {
        const struct agreement_version *v = &d->versions[i];
        json_t *o =
            json_pack("{s:I, s:o, s:o, s:i, s:b, s:s}", "version", (json_int_t)v->version,
                      "created_by", person_or_null(v->created_by, v->created_by_name), "created_at",
                      view_time(v->created_at), "signatures", v->signature_count, "is_current",
                      v->version == d->status.version, "url",
                      arena_printf(w->ctx.arena, "%s/versions/%lld",
                                   agreement_path(w, partnership_id), (long long)v->version));
        if (!w->is_api)
            json_object_set_new(o, "created_text", web_partnership_time_text(v->created_at));
        json_array_append_new(list, o);
    }
    return list;
}

/* The agreement page's model for version (0: the current one). */
static int fill(struct web *w, int64_t partnership_id, int64_t version)
{
    struct agreement_detail d;
    if (agreement_show(&w->ctx, partnership_id, version, &d) != 0 ||
        web_partnership_fill(w, partnership_id) != 0)
        return -1;
    web_view_set(w, "agreement", version_view(w, &d));
    web_view_set(w, "can_edit", json_boolean(d.can_edit));
    web_view_set(w, "can_sign", json_boolean(d.can_sign));
    web_view_set(w, "versions", versions_view(w, partnership_id, &d));
    if (w->is_api)
        return 0;
    const struct agreement_version *v = &d.version;
    web_view_set(w, "form",
                 json_pack("{s:s, s:s, s:o, s:s, s:o}", "body", v->body, "cadence", v->cadence,
                           "session_minutes", json_sprintf("%lld", (long long)v->session_minutes),
                           "location", v->location, "version",
                           json_sprintf("%lld", (long long)v->version)));
    web_view_set(w, "cadences", cadences_view(v->cadence));
    web_view_set(w, "edit_url", json_string(agreement_path(w, partnership_id)));
    web_view_set(w, "sign_url", json_sprintf("%s/sign", agreement_path(w, partnership_id)));
    return 0;
}

int web_agreement_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return fill(w, id, 0);
}

int web_agreement_version(struct web *w)
{
    int64_t id, version;
    if (web_param_id(w, 0, &id) != 0 || web_param_id(w, 1, &version) != 0)
        return -1;
    return fill(w, id, version);
}

/* An integer field: a JSON integer in the API, digits in a form. *has
 * tells whether it was sent at all. */
static int input_integer(struct web *w, const char *name, bool *has, int64_t *out)
{
    json_t *value = json_object_get(w->input, name);
    *has = value && !json_is_null(value);
    if (!*has)
        return 0;
    if (w->is_api) {
        if (!json_is_integer(value))
            return fail_input(&w->ctx, name, "must be a whole number");
        *out = json_integer_value(value);
        return 0;
    }
    const char *text = json_string_value(value);
    if (!text)
        return fail_input(&w->ctx, name, "must be a whole number");
    if (!*text) {
        *has = false;
        return 0;
    }
    char *end;
    long long n = strtoll(text, &end, 10);
    if (*end || n < 0 || strlen(text) > 9)
        return fail_input(&w->ctx, name, "must be a whole number");
    *out = n;
    return 0;
}

int web_agreement_update(struct web *w)
{
    static const char *const fields[] = {"body",    "cadence", "location", "session_minutes",
                                         "version", NULL};
    int64_t id, version;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0)
        return -1;
    if (!w->is_api) {
        /* The page again on error, the form as typed (render.c copies it). */
        if (fill(w, id, 0) != 0)
            return -1;
        json_object_del(w->view, "form");
    }
    struct agreement_edit edit = {0};
    bool has_version;
    if (web_input_text(w, "body", &edit.body) != 0 ||
        web_input_text(w, "cadence", &edit.cadence) != 0 ||
        web_input_text(w, "location", &edit.location) != 0 ||
        input_integer(w, "session_minutes", &edit.has_session_minutes, &edit.session_minutes) !=
            0 ||
        input_integer(w, "version", &has_version, &edit.based_on) != 0)
        return -1;
    if (!w->is_api && edit.cadence)
        web_view_set(w, "cadences", cadences_view(edit.cadence));
    if (has_version && edit.based_on == 0)
        return fail_input(&w->ctx, "version", "must be a version number");
    if (agreement_update(&w->ctx, id, &edit, &version) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/partnerships/%lld/agreement", (long long)id);
    w->notice = "agreement_saved";
    return w->is_api ? fill(w, id, 0) : 0;
}

int web_agreement_sign(struct web *w)
{
    static const char *const fields[] = {"version", NULL};
    int64_t id, version = 0;
    bool has_version;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        (!w->is_api && fill(w, id, 0) != 0) ||
        input_integer(w, "version", &has_version, &version) != 0)
        return -1;
    if (has_version && version == 0)
        return fail_input(&w->ctx, "version", "must be a version number");
    if (agreement_sign(&w->ctx, id, version) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/partnerships/%lld/agreement", (long long)id);
    w->notice = "agreement_signed";
    return w->is_api ? fill(w, id, 0) : 0;
}
