#!/usr/bin/env python3
"""Renders the parity corpus with the real Jinja2, set up the way dbt sets it up.

Input (stdin): a JSON list of cases {"id", "template", "context"?, "macros"?: {path: source}, "native"?: true}.
A native case is rendered as dbt renders a YAML value (its native environment): the result is a value.
Output (stdout): a JSON list, one entry per case, in the same order:
  {"id", "ok": true, "output"}  (native: {"id", "ok": true, "value", "type"})  or
  {"id", "ok": false, "kind", "message", "essential", "file", "line"}

What mirrors dbt (dbt_common/clients/jinja.py and dbt-core's base context), written here in our own words:
- a SandboxedEnvironment with the extensions jinja2.ext.do and jinja2.ext.loopcontrols, dbt's {% test %} and
  {% docs %} blocks, the default Undefined at render time and Jinja's default whitespace settings;
- a macro is compiled under the name dbt_macro__<name> and reached through a callable put in the context under
  its plain name; calling it catches the exception raised by return() and yields the returned value, and wraps
  TypeError / TemplateRuntimeError as a compilation error, as dbt's macro generator does;
- a few of dbt's context functions: return, fromjson, tojson, fromyaml, toyaml, set, set_strict, zip, zip_strict,
  local_md5, print, log, config (records nothing), modules (datetime, re, part of itertools), var (no vars are set), env_var (no variables are set), exceptions.raise_compiler_error.
"""

import ast
import datetime
import hashlib
import itertools
import json
import re
import sys

import jinja2
import jinja2.ext
import jinja2.nativetypes
import jinja2.nodes
import jinja2.parser
import jinja2.sandbox
import yaml

MACRO_PREFIX = "dbt_macro__"
MODEL_FILE = "model.sql"


class MacroReturn(Exception):
    def __init__(self, value):
        super().__init__("return")
        self.value = value


class CompilationError(Exception):
    """dbt's compilation error; `essential` is the part of the message our error must contain too."""

    def __init__(self, message, essential=None):
        super().__init__(message)
        self.essential = message if essential is None else essential


class PrefixingParser(jinja2.parser.Parser):
    """dbt's parser: a {% macro name %} is defined as dbt_macro__name."""

    def parse_macro(self):
        node = jinja2.nodes.Macro(lineno=next(self.stream).lineno)
        node.name = MACRO_PREFIX + self.parse_assign_target(name_only=True).name
        self.parse_signature(node)
        node.body = self.parse_statements(("name:endmacro",), drop_needle=True)
        return node


class TestBlock(jinja2.ext.Extension):
    """{% test name(args) %}…{% endtest %}: a macro named test_<name>."""

    tags = {"test"}

    def parse(self, parser):
        node = jinja2.nodes.Macro(lineno=next(parser.stream).lineno)
        name = parser.parse_assign_target(name_only=True).name
        parser.parse_signature(node)
        node.name = MACRO_PREFIX + "test_" + name
        node.body = parser.parse_statements(("name:endtest",), drop_needle=True)
        return node


class DocsBlock(jinja2.ext.Extension):
    """{% docs name %}…{% enddocs %}: defines a doc block, prints nothing where it stands."""

    tags = {"docs"}

    def parse(self, parser):
        node = jinja2.nodes.Macro(lineno=next(parser.stream).lineno)
        node.name = "dbt_docs__" + parser.parse_assign_target(name_only=True).name
        node.args = []
        node.defaults = []
        node.body = parser.parse_statements(("name:enddocs",), drop_needle=True)
        return node


class DbtEnvironment(jinja2.sandbox.SandboxedEnvironment):
    def _parse(self, source, name, filename):
        return PrefixingParser(self, source, name, filename).parse()


class TextMarker(str):
    """dbt's native mode: `| as_text` keeps the value as text."""


class NativeMarker(str):
    """dbt's native mode: `| as_native` reads the text back as a Python literal."""


class BoolMarker(NativeMarker):
    pass


class NumberMarker(NativeMarker):
    pass


def native_result(chunks):
    """dbt's quoted_native_concat: one output keeps its value, several are joined as text; markers decide the rest."""
    head = list(itertools.islice(chunks, 2))
    if not head:
        return ""
    if len(head) > 1:
        return "".join(str(v) for v in itertools.chain(head, chunks))
    raw = head[0]
    if isinstance(raw, TextMarker):
        return str(raw)
    if not isinstance(raw, NativeMarker):
        return raw
    try:
        result = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError):
        result = raw
    if isinstance(raw, BoolMarker) and not isinstance(result, bool):
        raise CompilationError(f"Could not convert value '{raw!s}' into type 'bool'")
    if isinstance(raw, NumberMarker) and (not isinstance(result, (int, float)) or isinstance(result, bool)):
        raise CompilationError(f"Could not convert value '{raw!s}' into type 'number'")
    return result


class NativeDbtEnvironment(DbtEnvironment):
    """dbt's environment for YAML values: native code generation, values kept by native_result."""

    code_generator_class = jinja2.nativetypes.NativeCodeGenerator


class NativeDbtTemplate(jinja2.nativetypes.NativeTemplate):
    environment_class = NativeDbtEnvironment

    def render(self, context):
        try:
            return native_result(self.root_render_func(self.new_context(context)))
        except Exception:
            return self.environment.handle_exception()


NativeDbtEnvironment.template_class = NativeDbtTemplate


def make_environment(native=False):
    extensions = ["jinja2.ext.do", "jinja2.ext.loopcontrols", TestBlock, DocsBlock]
    env = (NativeDbtEnvironment if native else DbtEnvironment)(extensions=extensions)
    identity = lambda x: x  # noqa: E731 - dbt's text-mode as_* filters return their input
    markers = {"as_text": TextMarker, "as_bool": BoolMarker, "as_native": NativeMarker, "as_number": NumberMarker}
    env.filters.update(markers if native else {name: identity for name in markers})
    env.filters["is_list"] = lambda x: isinstance(x, list)
    return env


def to_json(value):
    """A native result as JSON: tuples and sets as lists, anything else unusual as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return str(value)


def compile_template(env, source, filename, context):
    code = env.compile(source, name=filename, filename=filename)
    return env.template_class.from_code(env, code, env.make_globals(context))


class MacroCaller:
    """What dbt puts in the context for a macro: compiles a module with the context, calls, catches return()."""

    def __init__(self, template, name, context):
        self.template = template
        self.name = name
        self.context = context

    def __call__(self, *args, **kwargs):
        module = self.template.make_module(vars=self.context)
        macro = getattr(module, MACRO_PREFIX + self.name)
        try:
            return macro(*args, **kwargs)
        except MacroReturn as ret:
            return ret.value
        except (TypeError, jinja2.exceptions.TemplateRuntimeError) as err:
            raise CompilationError(str(err)) from err


def dbt_functions():
    def do_return(value):
        raise MacroReturn(value)

    def fromjson(string, default=None):
        try:
            return json.loads(string)
        except ValueError:
            return default

    def tojson(value, default=None, sort_keys=False):
        try:
            return json.dumps(value, sort_keys=sort_keys)
        except ValueError:
            return default

    def fromyaml(value, default=None):
        try:
            return yaml.safe_load(value)
        except (AttributeError, ValueError, yaml.YAMLError):
            return default

    def toyaml(value, default=None, sort_keys=False):
        try:
            return yaml.safe_dump(data=value, sort_keys=sort_keys)
        except (ValueError, yaml.YAMLError):
            return default

    def to_set(value, default=None):
        try:
            return set(value)
        except TypeError:
            return default

    def set_strict(value):
        try:
            return set(value)
        except TypeError as err:
            raise CompilationError(str(err), "") from err

    def to_zip(*args, default=None):
        try:
            return zip(*args)
        except TypeError:
            return default

    def zip_strict(*args):
        try:
            return zip(*args)
        except TypeError as err:
            raise CompilationError(str(err)) from err

    unset = object()

    def var(name, default=unset):
        if default is unset:
            raise CompilationError(f"Required var '{name}' not found in config", f"'{name}'")
        return default

    def env_var(name, default=None):
        if default is None:
            raise CompilationError(f"Env var required but not provided: '{name}'", f"'{name}'")
        return default

    def raise_compiler_error(msg):
        raise CompilationError(str(msg))

    return {
        "return": do_return,
        "fromjson": fromjson,
        "tojson": tojson,
        "fromyaml": fromyaml,
        "toyaml": toyaml,
        "set": to_set,
        "set_strict": set_strict,
        "zip": to_zip,
        "zip_strict": zip_strict,
        "local_md5": lambda value: hashlib.md5(value.encode("utf-8")).hexdigest(),
        "print": lambda msg: "",
        "log": lambda msg, info=False: "",
        "var": var,
        "env_var": env_var,
        "config": lambda *args, **kwargs: "",
        "modules": {
            "datetime": {name: getattr(datetime, name) for name in ["date", "datetime", "time", "timedelta", "tzinfo"]},
            "re": {name: getattr(re, name) for name in re.__all__},
            "itertools": {name: getattr(itertools, name) for name in ["chain", "islice", "product", "combinations"]},
        },
        "exceptions": {"raise_compiler_error": raise_compiler_error, "warn": lambda msg: ""},
    }


def macro_names(env, source):
    tree = env.parse(source)
    return [n.name[len(MACRO_PREFIX) :] for n in tree.body if isinstance(n, jinja2.nodes.Macro)]


def root_cause(err):
    seen = set()
    while id(err) not in seen:
        seen.add(id(err))
        nxt = err.__cause__ or err.__context__
        if nxt is None or isinstance(nxt, MacroReturn):
            break
        err = nxt
    return err


def template_position(err, filenames):
    """The innermost template file and line in the traceback of the error's root cause."""
    if isinstance(err, jinja2.exceptions.TemplateSyntaxError) and err.filename:
        return err.filename, err.lineno
    cause = root_cause(err)
    if isinstance(cause, jinja2.exceptions.TemplateSyntaxError) and cause.filename:
        return cause.filename, cause.lineno
    found = (None, None)
    tb = cause.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename in filenames:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif tb.tb_frame.f_code.co_filename in filenames:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def essential_message(err):
    """The part of Jinja2's message that ours must contain (None: failing is enough)."""
    cause = root_cause(err)
    if isinstance(cause, jinja2.exceptions.UndefinedError):
        msg = str(cause)
        if msg.endswith(" is undefined"):
            return msg
        if " has no attribute " in msg:
            return msg.split(" has no attribute ", 1)[1]
        if msg.startswith("parameter ") and msg.endswith(" was not provided"):
            return msg[len("parameter ") : -len(" was not provided")]
        return None
    if isinstance(cause, CompilationError):
        return cause.essential or None
    return None


def render_case(case):
    native = bool(case.get("native"))
    env = make_environment(native)
    context = dbt_functions()
    context.update(case.get("context") or {})
    macros = case.get("macros") or {}
    filenames = {MODEL_FILE, *macros.keys()}
    try:
        for path, source in macros.items():
            template = compile_template(env, source, path, {})
            for name in macro_names(env, source):
                context[name] = MacroCaller(template, name, context)
        template = compile_template(env, case["template"], MODEL_FILE, context)
        output = template.render(context)
        if native:
            kind = "str" if isinstance(output, str) else type(output).__name__
            return {"id": case["id"], "ok": True, "value": to_json(output), "type": kind}
        return {"id": case["id"], "ok": True, "output": output}
    except Exception as err:  # noqa: BLE001 - every failure is a result to compare
        file, line = template_position(err, filenames)
        return {
            "id": case["id"],
            "ok": False,
            "kind": type(root_cause(err)).__name__,
            "message": str(err),
            "essential": essential_message(err),
            "file": file,
            "line": line,
        }


def main():
    cases = json.load(sys.stdin)
    json.dump({"jinja2": jinja2.__version__, "results": [render_case(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
