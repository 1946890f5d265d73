/* assets.c -- the web app's files (web/), built into the program by
 * tools/embed.c: /static/NAME serves web/NAME. Nothing is read from disk
 * and nothing is fetched from any other host. */
#include "serve.h"

#include <string.h>

extern const sv_asset sv_assets[]; /* assets_data.c, generated */
extern const size_t sv_nassets;

const sv_asset *sv_asset_find(const char *name) {
  for (size_t i = 0; i < sv_nassets; i++)
    if (!strcmp(sv_assets[i].name, name))
      return &sv_assets[i];
  return NULL;
}

const char *sv_asset_type(const char *name) {
  static const struct {
    const char *ext, *type;
  } types[] = {{".css", "text/css; charset=utf-8"},
               {".js", "text/javascript; charset=utf-8"},
               {".svg", "image/svg+xml"},
               {".png", "image/png"},
               {".json", "application/json"},
               {".html", "text/html; charset=utf-8"},
               {".txt", "text/plain; charset=utf-8"},
               {".ico", "image/x-icon"}};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
    if (!strcmp(dot, types[i].ext))
      return types[i].type;
  return "application/octet-stream";
}

static int static_file(sv_request *rq, sv_response *rs) {
  const sv_asset *a = sv_asset_find(rq->path + strlen("/static/"));
  if (!a)
    return sv_fail(rq, rs, 404, NULL, "there is no such file here");
  rs->flags |= SV_STATIC;
  rs->static_body = a->data;
  rs->static_len = a->len;
  rs->type = sv_asset_type(a->name);
  return 0;
}

const sv_route sv_asset_routes[] = {
    {"/static/", SV_GET, SV_PREFIX, static_file},
    {NULL, 0, 0, NULL},
};
