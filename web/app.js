// bedback's pages: progressive enhancement only (the core path works without it).
'use strict';
