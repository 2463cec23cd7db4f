import { Renderer } from '../src/template/renderer.ts';
const r = new Renderer([{ path: 'm.sql', builtin: false, source: `{% test foo(model, column_name, values, quote=true, inclusive=True, x=none) %}m={{ model }} c={{ column_name }} v={{ values | join(',') }} q={{ quote }} i={{ inclusive }} x={{ x is none }} kw={{ kwargs | dump }}{% endtest %}` }]);
console.log(r.render('a', `{{ test_foo(model='rel', column_name='c1', values=['a', "b'c", 3], quote=false, extra={"k": [1, none, true]}) }}`, {}));
import nunjucks from 'nunjucks';
const kw = (nunjucks as any).runtime.makeKeywordArgs({ model: 'R', column_name: 'z', values: [1] });
console.log(r.callMacro('test_foo', [kw], {}, { file: 'x' }).toString());
