import { Renderer } from '../src/template/renderer.ts';
const r = new Renderer([]);
console.log(r.render('a', `[{% if x is not none %}set{% else %}unset{% endif %}] [{{ v | string | replace("'", "''") }}] [{{ '>=' if inc else '>' }}] [{% if y is not none %}Y{% endif %}]`, { x: 0, v: "it's", inc: false, y: null }));
