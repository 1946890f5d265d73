/* commands.h -- the subcommands of the bedback program. Each takes the
 * arguments after its name (argv[0] is the command name) and returns an
 * exit status (BB_EX_*). */
#ifndef BB_COMMANDS_H
#define BB_COMMANDS_H

int cmd_assess(int argc, char **argv);
int cmd_questions(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_batch(int argc, char **argv);
/* the web app: runs bedback-serve (cmd_serve.c) */
int cmd_serve(int argc, char **argv);
int cmd_fhir(int argc, char **argv);

/* the diary (cmd_log.c, cmd_trend.c, cmd_export.c, cmd_routine.c) */
int cmd_log(int argc, char **argv);
int cmd_setup(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_routine(int argc, char **argv);
int cmd_heat(int argc, char **argv);

/* the diary's past (cmd_history.c) */
int cmd_history(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_undo(int argc, char **argv);

#endif
