/* pages.c -- the HTML pages (server-rendered; the core path works without
 * JavaScript). Branch "pages" builds them; this is the frame and the
 * start page they grow from. Wording about health comes from the
 * knowledge base and the library's renderers, never from here. */
#include "serve.h"

#include <stdio.h>
#include <string.h>

void sv_html_begin(sv_response *rs, const char *title) {
  rs->type = "text/html; charset=utf-8";
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                 "<title>");
  sv_buf_html(b, title);
  sv_buf_puts(b, " - bedback</title>\n"
                 "<link rel=\"stylesheet\" href=\"/static/style.css\"/>\n"
                 "<script src=\"/static/app.js\" defer=\"defer\"></script>\n"
                 "</head>\n<body>\n<header><a href=\"/\">bedback</a></header>\n<main>\n");
}

void sv_html_end(sv_response *rs) {
  sv_buf_puts(&rs->body, "</main>\n</body>\n</html>\n");
}

void sv_page_error(const sv_request *rq, sv_response *rs, int status, const char *message) {
  (void)rq;
  char title[64];
  snprintf(title, sizeof title, "%d %s", status, sv_reason(status));
  sv_html_begin(rs, title);
  sv_buf_puts(&rs->body, "<h1>");
  sv_buf_html(&rs->body, title);
  sv_buf_puts(&rs->body, "</h1>\n<p>");
  sv_buf_html(&rs->body, message);
  sv_buf_puts(&rs->body, "</p>\n<p><a href=\"/\">Back to the start</a></p>\n");
  sv_html_end(rs);
}

static int page_start(sv_request *rq, sv_response *rs) {
  (void)rq;
  sv_html_begin(rs, "Start");
  sv_buf_puts(&rs->body, "<h1>bedback</h1>\n"
                         "<p>bedback runs on this computer; nothing you enter leaves it.</p>\n");
  sv_html_end(rs);
  return 0;
}

const sv_route sv_page_routes[] = {
    {"/", SV_GET, 0, page_start},
    {NULL, 0, 0, NULL},
};
