"""The seven annex forms as printed in the seed, in layout vocabulary (ir.py).

Each builder takes a variant (catalog.Variant: values and layout options)
and returns an ir.Form; table rows depend on the values (how many hosts,
whether the printed example rows are kept).
"""
from .ir import Comp, Empty, Form, Lab, Merge, Nest, Opt, R, S, Txt, Val, o

BOX = '\u2610'   # ☐, 附件1/2
SQ = '\u25a1'    # □, 附件4/5/7

NOTES_12 = [
    '备注：1.按照“谁主管谁负责、谁运维谁负责、谁使用谁负责”的管理原则，信息系统部署到政务云后，安全管理责任主体不变，'
    '数据归属关系不变，安全管理标准不变。参照《信息安全技术 云计算服务安全指南》（GB/T 31167-2014），使用单位负责本单位'
    '自身业务和数据安全等方面的安全责任。云服务商负责政务云资源以及数据防篡改、防丢失的安全责任。淮北市数据资源管理局在网信'
    '部门指导下，会同公安部门加强政务云的安全监督管理。',
    '2. 基于使用单位的设备托管业务，云服务商负责设施层（主要包括采暖、通风、空调、电力、消防和网络通信等）和网络出口安全'
    '责任；其他网络安全责任由使用单位负责。',
    '3. *为必填项。必填项中如果不需要某项服务请填“0”。非必填项中如果没有填写，默认没有此项服务需求。填写过程中如有疑问'
    '可以咨询工作人员，咨询电话3112058、3198190。',
]

BW = o('10M', '20M', '50M', '100M', '其他', other='其他')


def lv(*pairs, weights=None):
    """A label/value row: pairs of (label item, value item)."""
    items = []
    ws = weights or ([2, 3] * (len(pairs)) if len(pairs) > 1 else [2, 8])
    k = 0
    for lab, val in pairs:
        items.append((lab, ws[k]))
        items.append((val, ws[k + 1]))
        k += 2
    return R(items, 'lv')


def head(text):
    return R([(Txt(text, 'head'), 10)], 'head')


def contact(v):
    return S('contact', [
        lv((Lab('申请单位', True, 'unit.name'), Val('unit.name')),
           (Lab('申请时间', True, 'applied_on'), Val('applied_on'))),
        lv((Lab('单位地址', False, 'unit.address'), Val('unit.address'))),
        lv((Lab('系统负责人', True, 'owner.name'), Val('owner.name')),
           (Lab('工作部门', False, 'owner.department'), Val('owner.department'))),
        lv((Lab('职务/职称', False, 'owner.title'), Val('owner.title')),
           (Lab('办公电话', True, 'owner.office_phone'), Val('owner.office_phone'))),
        lv((Lab('电子邮箱', True, 'owner.email'), Val('owner.email')),
           (Lab('移动电话', False, 'owner.mobile'), Val('owner.mobile'))),
        lv((Lab('维护单位/部门', True, 'maintainer.name'), Val('maintainer.name')),
           (Lab('维护单位性质', True, 'maintainer.kind'),
            Opt('maintainer.kind', o('下属单位/部门', '委托外包单位'), BOX, sep='  '))),
        lv((Lab('技术联系人', True, 'tech_contact.name'), Val('tech_contact.name')),
           (Lab('办公电话', False, 'tech_contact.office_phone'), Val('tech_contact.office_phone'))),
        lv((Lab('电子邮箱', True, 'tech_contact.email'), Val('tech_contact.email')),
           (Lab('移动电话', True, 'tech_contact.mobile'), Val('tech_contact.mobile'))),
    ])


def table_rows(v, table, header, weights, examples, blank_rows, cells_of, printed_of=None):
    """Rows of a list table: the header, then data rows.

    examples: printed example rows [(first-cell text, {col: printed text})].
    Mode v.opt(table + '.examples'): 'overwrite' (rows typed over the examples),
    'keep' (examples left as printed, real rows below), 'fill' (examples kept
    and filled: first cell keeps its printed text), 'delete' (examples removed).
    cells_of(i) -> list of cell items of record row i (Val items)."""
    rows = [R([(Txt(h, 'hdr'), w) for h, w in header], 'thead')]
    data = v.get(table) or []
    mode = v.opt(table + '.examples', 'overwrite')
    ncols = len(weights)

    def printed_row(ex):
        first, rest = ex
        items = []
        for c in range(ncols):
            if c == 0:
                items.append((Txt(first, 'static'), weights[c]))
            elif c in rest:
                items.append((Txt(rest[c], 'static'), weights[c]))
            else:
                items.append((Empty(), weights[c]))
        return R(items, 'tdata')

    def data_row(i, ex=None):
        items = list(zip(cells_of(i), weights))
        if ex is not None and mode == 'fill':
            first = items[0][0]
            items[0] = (Val(first.key, printed=ex[0]), weights[0])
        return R(items, 'tdata')

    n = len(data)
    if mode == 'keep':
        out = [printed_row(ex) for ex in examples] + [data_row(i) for i in range(n)]
    elif mode == 'delete':
        out = [data_row(i) for i in range(n)]
    else:
        out = [data_row(i, examples[i] if i < len(examples) else None) for i in range(n)]
        out += [printed_row(ex) for ex in examples[n:]]
    printed = (0 if mode == 'delete' else len(examples)) + blank_rows
    while len(out) < printed:
        out.append(R([(Empty(), w) for w in weights], 'tdata'))
    for at in v.opt(table + '.empty_rows', []):
        out.insert(at, R([(Empty(), w) for w in weights], 'tdata'))
    return rows + out


def host_cells(v, i, sep_types=True):
    p = 'hosts.%d.' % i
    one = v.opt('disk_one_cell', False)
    cells = [Val(p + 'name'), Val(p + 'cpu'), Val(p + 'memory_gb'), Val(p + 'os')]
    for d in ('system_disk', 'data_disk'):
        if one:
            cells += [Val(p + d), Empty()]
        else:
            cells += [Val(p + d + '_gb'), Val(p + d + '_type')]
    cells += [Val(p + 'zone'), Val(p + 'count')]
    return cells


def reshape_hosts(v, rows, groups):
    """Host table as someone re-typed it: columns in another order
    (hosts.order: logical column indices), header texts reworded
    (hosts.headers), a 序号 column added in front (hosts.serial).
    groups: number of grid cells of each logical column in data rows."""
    order = v.opt('hosts.order')
    heads = v.opt('hosts.headers', {})
    serial = v.opt('hosts.serial')
    n = 0
    for r in rows:
        items = r.items
        if r.tag == 'thead':
            parts = [[(Txt(heads.get(it.text, it.text), 'hdr'), w)] for it, w in items]
        else:
            parts, k = [], 0
            for g in groups:
                parts.append(items[k:k + g])
                k += g
        if order:
            parts = [parts[i] for i in order]
        items = sum(parts, [])
        if serial:
            if r.tag == 'thead':
                items = [(Txt('序号', 'hdr'), 0.5)] + items
            elif r.tag == 'total':
                items = [(Empty(), 0.5)] + items
            else:
                filled = any(isinstance(it, Val) and v.text(it.key) for it, _ in items)
                n += filled
                items = [(Txt(str(n)) if filled else Empty(), 0.5)] + items
        r.items = items
    return rows


def request(v):
    hw = [1.5, 0.8, 0.8, 1.3, 0.8, 0.8, 0.8, 0.8, 1.1, 0.6]
    hosts = table_rows(
        v, 'hosts',
        [('虚拟机名称', 1.5), ('CPU', 0.8), ('内存', 0.8), ('操作系统版本', 1.3),
         ('系统磁盘（GB）及类型', 1.6), ('数据磁盘（GB）及类型', 1.6), ('部署区域\n（单选）', 1.1), ('数量', 0.6)],
        hw, [('示例：\n应用服务器', {9: '1'}), ('示例：\n裸金属服务器', {9: '1'})], 0,
        lambda i: host_cells(v, i))
    hosts = reshape_hosts(v, hosts, [1, 1, 1, 1, 2, 2, 1, 1])
    if v.opt('nest_hosts'):
        hosts = [R([(Nest(hosts), 10)], 'nest')]
    backups = v.get('backups') or []
    brows = [R([(Lab('备份服务', False, 'backups', vmerge='restart'), 2), (Txt('备份类型', 'hdr'), 1.5),
                (Txt('备份对象', 'hdr'), 2), (Txt('备份策略', 'hdr'), 4.5)], 'thead')]

    def strategy(i):
        p = 'backups.%d.' % i
        return Comp(['每', ('num', p + 'incremental_days', '   '), '天一次增量备份，每',
                     ('num', p + 'full_days', '   '), '天一次全量备份，最大保留',
                     ('num', p + 'retention_days', '   '), '天'])
    if not backups:
        brows.append(R([(Merge(), 2), (Txt('本地备份'), 1.5), (Txt('示例：虚拟机名称', 'prompt'), 2),
                        (Txt('每   天一次增量备份，每   天一次全量备份，最大保留   天'), 4.5)], 'tdata'))
    for i in range(len(backups)):
        p = 'backups.%d.' % i
        brows.append(R([(Merge(), 2), (Val(p + 'type'), 1.5), (Val(p + 'object'), 2), (strategy(i), 4.5)],
                       'tdata'))
    sys_rows = [
        lv((Lab('信息系统名称', True, 'system.name'), Val('system.name')),
           (Lab('项目编号或\n项目代码', False, 'system.project_code'), Val('system.project_code'))),
        lv((Lab('系统投资费用', True, 'system.investment'), Val('system.investment')),
           (Lab('系统上云类型', True, 'system.onboarding'),
            Opt('system.onboarding', o('新建上云', '迁移上云', '机房托管'), BOX))),
        lv((Lab('系统简介', True, 'system.summary'), Val('system.summary'))),
        lv((Lab('等级保护级别', True, 'system.protection_level'),
            Opt('system.protection_level', o('一级', '二级', '三级', '未定级'), BOX)),
           (Lab('等保备案证明\n证书编号', False, 'system.protection_cert'), Val('system.protection_cert'))),
        lv((Lab('承载网络\n（可多选）', True, 'system.networks'),
            Opt('system.networks', o('政务外网', '互联网', '其他网络', other='其他网络'), BOX, breaks={1},
                sep='  ', multi=True)),
           (Lab('可用性要求', True, 'system.availability'),
            Opt('system.availability', o('99%', '99.9%', '99.99%', '其他', other='其他'), BOX))),
        lv((Lab('系统类型', True, 'system.category'),
            Opt('system.category', o('业务生产系统', '内部办公', '公众服务', '门户网站', '移动APP', '视频系统', '其他',
                                     other='其他'), BOX))),
        lv((Lab('系统服务对象', True, 'system.audience'),
            Opt('system.audience', o('本单位人员', '本行业人员', '社会公众', '其他', other='其他'), BOX)),
           (Lab('服务对象数量', True, 'system.audience_size'), Val('system.audience_size'))),
        lv((Lab('系统服务范围', True, 'system.scope'),
            Opt('system.scope', o('省本级', '省-市两级', '省-市-县三级', '国家-省-市-县四级', '其他', other='其他'), BOX))),
    ]
    cloud_rows = [
        lv((Lab('云服务商', True, 'cloud.provider'), Opt('cloud.provider', o('电信', '移动', '联通'), BOX)),
           (Lab('系统上云运行时限', True, 'cloud.term'),
            Opt('cloud.term', o('长期运行', '临时运行', nums={'临时运行': ('cloud.term_months', '个月')}), BOX))),
        R([(Lab('IP地址', False, 'ip', vmerge='restart'), 2),
           (Comp([('box', 'ip.internet'), '互联网公网地址', ('num', 'ip.internet', '    '), '个', ('nl',),
                  ('box', 'ip.egov'), '政务外网业务地址', ('num', 'ip.egov', '    '), '个']), 3),
           (Txt('带宽', vmerge='restart'), 0.8), (Lab('专线', False, 'bandwidth.dedicated'), 1.2),
           (Opt('bandwidth.dedicated', BW, BOX), 3)], 'ip'),
        R([(Merge(), 2), (Merge(), 3), (Merge(), 0.8), (Lab('互联网出口', False, 'bandwidth.internet'), 1.2),
           (Opt('bandwidth.internet', BW, BOX), 3)], 'ip'),
        lv((Lab('数据库', False, 'database'),
            Opt('database', o('达梦', '南大通用', '人大金仓', '其他', other='其他'), BOX)),
           (Lab('中间件', False, 'middleware'), Opt('middleware', o('Weblogic', '东方通', '其他', other='其他'), BOX))),
        R([(Lab('云负载均衡', False, 'load_balancers'), 2),
           (Comp([('box', 'load_balancers.l4'), ('num', 'load_balancers.l4', '    '), '个四层云负载均衡        ',
                  ('box', 'load_balancers.l7'), ('num', 'load_balancers.l7', '    '), '个七层云负载均衡']), 8)], 'comp'),
        head('1、主机资源'),
    ] + hosts + [
        head('2、存储资源'),
        R([(Opt('storage.types', o('SATA硬盘（默认）', 'SAS硬盘', 'SSD硬盘', '对象存储'), BOX, sep='  ', multi=True),
            10)], 'opts'),
        head('3、机柜空间'),
        R([(Lab('机房托管服务', False, 'rack'), 2),
           (Comp([('box', 'rack.cabinets'), ('num', 'rack.cabinets', '    '), '个机柜   ',
                  ('box', 'rack.u1'), ('num', 'rack.u1', '   '), '台1U设备  ',
                  ('box', 'rack.u2'), ('num', 'rack.u2', '   '), '台2U设备  ',
                  ('box', 'rack.u4'), ('num', 'rack.u4', '   '), '台4U设备']), 8)], 'comp'),
        head('4、安全及灾备服务'),
        lv((Lab('增强安全技术服务', False, 'security.enhanced'), Val('security.enhanced'))),
    ] + brows
    other = [R([(Val('other', prompt='填写系统部署入云的其他需求'), 10)], 'prompt'),
             R([(Txt('申请单位名称（盖章）：\n\n联系人（签字）：\n年  月  日        ', 'sign'), 10)], 'sign')]
    return Form('request', '附件1', '淮北市政务云资源需求申请表', [
        contact(v),
        S('system', [head('一、信息系统基本情况（每个系统一份）')] + sys_rows),
        S('cloud', [head('二、云资源需求描述')] + cloud_rows),
        S('other', [head('三、其他需求')] + other),
    ], NOTES_12)


def hosting_request(v):
    dw = [1.6, 1.4, 1, 1.4, 1.4, 0.8]
    devices = table_rows(
        v, 'devices', [('设备名称', 1.6), ('设备类型', 1.4), ('设备U数', 1), ('设备额定功率', 1.4),
                       ('部署区域', 1.4), ('数量', 0.8)], dw, [('\nX网服务器', {5: '1'})], 4,
        lambda i: [Val('devices.%d.%s' % (i, k)) for k in
                   ('name', 'type', 'units_u', 'rated_power_w', 'zone', 'count')])
    cabinets = table_rows(
        v, 'cabinets', [('机柜名称', 1.6), ('机柜类型', 1.4), ('机柜U数', 1), ('机柜功率', 1.4),
                        ('部署区域', 1.4), ('数量', 0.8)], dw, [('XXX机柜', {1: '网络'}), ('', {1: '标准'})], 3,
        lambda i: [Val('cabinets.%d.%s' % (i, k)) for k in ('name', 'type', 'units_u', 'power_kw', 'zone', 'count')])
    sys_rows = [
        lv((Lab('信息系统名称', True, 'system.name'), Val('system.name')),
           (Lab('项目编号或\n项目代码', False, 'system.project_code'), Val('system.project_code'))),
        lv((Lab('系统投资费用', True, 'system.investment'), Val('system.investment')),
           (Lab('可用性要求', True, 'system.availability'),
            Opt('system.availability', o('99%', '99.9%', '99.99%', '其他', other='其他', nobox=('99.99%',)), BOX))),
        lv((Lab('系统简介', True, 'system.summary'), Val('system.summary'))),
        lv((Lab('承载网络\n（可多选）', True, 'system.networks'),
            Opt('system.networks', o('政务外网', '互联网', '其他网络', other='其他网络'), BOX, sep='  ', multi=True))),
    ]
    need = [
        lv((Lab('云服务商', True, 'cloud.provider'), Opt('cloud.provider', o('电信', '移动', '联通'), BOX)),
           (Lab('系统上云运行时限', True, 'cloud.term'),
            Opt('cloud.term', o('长期运行', '临时运行', nums={'临时运行': ('cloud.term_months', '个月')}), BOX))),
        R([(Txt('带宽需求', vmerge='restart'), 2), (Lab('专线', False, 'bandwidth.dedicated'), 1.5),
           (Opt('bandwidth.dedicated', BW, BOX), 6.5)], 'bw'),
        R([(Merge(), 2), (Lab('互联网出口', False, 'bandwidth.internet'), 1.5),
           (Opt('bandwidth.internet', BW, BOX), 6.5)], 'bw'),
        head('1、设备托管清单'),
    ] + devices + [head('2、机柜托管清单')] + cabinets
    other = [R([(Val('other', prompt='\n填写系统部署入云的其他需求\n'), 10)], 'prompt'),
             R([(Txt('\n申请单位名称（盖章）：\n', 'sign'), 10)], 'sign'),
             R([(Txt('      联系人（签字）：', 'sign'), 5), (Txt('           年  月  日        ', 'sign'), 5)], 'sign')]
    return Form('hosting-request', '附件2', '淮北市政务云资源需求申请表（托管）', [
        contact(v),
        S('system', [head('一、信息系统基本情况（每个系统一份）')] + sys_rows),
        S('cloud', [head('二、托管需求描述')] + need),
        S('other', [head('三、其他需求')] + other),
    ], NOTES_12)


def change_cells(v, i):
    p = 'changes.%d.' % i
    return [Val(p + 'ip'), Val(p + 'cpumem_before'), Val(p + 'cpumem_after'), Val(p + 'system_disk_gb_before'),
            Val(p + 'system_disk_gb_after'), Val(p + 'data_disk_gb_before'), Val(p + 'data_disk_gb_after'),
            Val(p + 'disk_type'), Val(p + 'note')]


def change_form(v, sheet):
    cw = [1.3, 1, 1, 0.9, 0.9, 0.9, 0.9, 0.8, 1.3]
    lw = 1.2
    hdr = [('虚拟机IP', 1.3), ('CPU、内存', 1), ('CPU、内存\n（变更后）', 1), ('系统存储', 0.9),
           ('系统存储（变更后）', 0.9), ('数据存储', 0.9), ('数据存储\n（变更后）', 0.9), ('磁盘类型', 0.8), ('备注', 1.3)]
    examples = [('示例：10.55.61.115', {8: '示例：内存由8G变更为16G'})] if sheet else []
    trows = table_rows(v, 'changes', hdr, cw, examples, 1, lambda i: change_cells(v, i))
    label = '资\n源\n变\n更\n内\n容'
    if v.opt('one_line_labels'):
        label = '资源变更内容'
    body = [R([(Txt(label, vmerge='restart'), lw), (Txt('1、虚拟主机资源', 'static'), sum(cw))], 'head2')]
    for r in trows:
        body.append(R([(Merge(), lw)] + r.items, r.tag))
    body.append(R([(Merge(), lw), (Txt('2、其他', 'static'), sum(cw))], 'head2'))
    body.append(R([(Merge(), lw), (Val('other_changes', prompt='示例1：需要新增一个政务外网地址\n示例2：需要变更一个主机操作系统'),
                                   sum(cw))], 'prompt'))
    reason_label = '申请事由' if v.opt('one_line_labels') else '申\n请\n事\n由'
    w = [lw, 3.6, 1.6, 3.6]
    if sheet:
        top = [
            lv((Lab('使用单位名称', False, 'unit.name'), Val('unit.name')), (Lab('系统名称', False, 'system.name'),
                                                                         Val('system.name')), weights=w),
            lv((Lab('系统负责人', False, 'owner.name'), Val('owner.name')),
               (Lab('联系电话', False, 'owner.phone'), Val('owner.phone')), weights=w),
            lv((Lab('部署云平台', False, 'cloud.platform'), Opt('cloud.platform', o('电信云', '移动云', '联通云'), None)),
               (Lab('部署区域', False, 'zone'), Opt('zone', o('政务外网区', '互联网区'), None)), weights=w),
            lv((Lab('变更时间', False, 'changed_on'), Val('changed_on')),
               (Lab('变更类型', False, 'change_kinds'),
                Opt('change_kinds', o('主机', '网络', '其他', other='其他'), None, sep='  ', multi=True)), weights=w),
        ]
    else:
        top = [
            lv((Lab('申请单位', False, 'unit.name'), Val('unit.name')), (Lab('信息系统名称', False, 'system.name'),
                                                                     Val('system.name')), weights=w),
            lv((Lab('系统负责人', False, 'owner.name'), Val('owner.name')),
               (Lab('联系电话', False, 'owner.phone'), Val('owner.phone')), weights=w),
            lv((Lab('云服务商', False, 'cloud.provider'), Opt('cloud.provider', o('电信', '移动', '联通'), None)),
               (Lab('部署区域', False, 'zone'), Opt('zone', o('政务外网区', '互联网区'), None)), weights=w),
            lv((Lab('变更申请时间', False, 'requested_on'), Val('requested_on')),
               (Lab('变更类型', False, 'change_kinds'),
                Opt('change_kinds', o('主机', '网络', '安全', '其他', other='其他'), None, multi=True)), weights=w),
        ]
    top.append(R([(Lab(reason_label, False, 'reason'), lw), (Val('reason'), sum(cw))], 'lv'))
    if sheet:
        sign = [R([(Txt('使用单位名称（盖章）：            云服务商（盖章）：                管理单位（盖章）： \n'
                        '      年   月   日                    年   月   日                           年   月   日',
                        'sign'), lw + sum(cw))], 'sign')]
    else:
        sign = [R([(Txt('申请单位名称（盖章）：\n\n              联系人（签字）：\n年   月   日        ', 'sign'),
                    lw + sum(cw))], 'sign')]
    if sheet:
        return Form('change-sheet', '附件6', '淮北市政务云资源变更确认单', [
            S('top', top), S('changes', body), S('sign', sign)])
    return Form('change-request', '附件3', '淮北市政务云资源变更申请表', [
        S('top', top), S('changes', body), S('sign', sign)])


def change_request(v):
    return change_form(v, False)


def change_sheet(v):
    return change_form(v, True)


def exit_request(v):
    rows = [
        lv((Lab('申请单位', False, 'unit.name'), Val('unit.name')),
           (Lab('退出类型', False, 'exit_kind'), Opt('exit_kind', o('业务系统退出', '使用单位退出'), SQ))),
        lv((Lab('信息系统名称', False, 'system.name'), Val('system.name'))),
        lv((Lab('系统负责人', False, 'owner.name'), Val('owner.name')),
           (Lab('办公电话', False, 'owner.office_phone'), Val('owner.office_phone'))),
        lv((Lab('电子邮箱', False, 'owner.email'), Val('owner.email')),
           (Lab('移动电话', False, 'owner.mobile'), Val('owner.mobile'))),
        lv((Lab('云服务商', False, 'cloud.provider'), Opt('cloud.provider', o('电信', '移动', '联通'), None, sep='  ')),
           (Lab('退出日期', False, 'exit_on'), Val('exit_on'))),
        lv((Lab('退出原因', False, 'reason'), Val('reason'))),
        lv((Lab('退出资源', False, 'resources'),
            Val('resources', prompt='请在此处列出申请退出的资源内容，包括虚拟机资源、网络资源、存储资源等。'))),
        R([(Txt('退出单位确认'), 2),
           (Txt('因业务系统退出市级政务云，本单位已完成相关数据的迁移备份工作，请在退出日期后删除部署在市级政务云平台上的相关资源。'
                '\n\n单位签字（盖章）：\n                                年   月   日', 'sign'), 8)], 'sign'),
    ]
    notes = ['备注：', '1. 当使用单位信息系统需要退出时，甲方需提交退出申请，云服务商按照要求处理数据并释放政务云平台资源。',
             '云服务商按照使用单位要求返还全部数据，确保不能以商业市场的技术手段进行数据恢复。']
    return Form('exit-request', '附件4', '淮北市政务云资源退出申请表', [S('main', rows)], notes)


def activation_sheet(v):
    hw = [1.4, 0.7, 0.7, 1.3, 0.7, 0.8, 0.7, 0.8, 0.8, 0.6]
    hosts = table_rows(
        v, 'hosts',
        [('虚拟机名称', 1.4), ('CPU', 0.7), ('内存', 0.7), ('操作系统版本', 1.3), ('系统\n磁盘', 0.7), ('磁盘类型', 0.8),
         ('数据\n磁盘', 0.7), ('磁盘类型', 0.8), ('部署\n区域', 0.8), ('数量', 0.6)], hw, [], 2,
        lambda i: [Val('hosts.%d.%s' % (i, k)) for k in
                   ('name', 'cpu', 'memory_gb', 'os', 'system_disk_gb', 'system_disk_type', 'data_disk_gb',
                    'data_disk_type', 'zone', 'count')])
    total = [(Txt('合计：'), hw[0])]
    tk = {1: 'cpu', 2: 'memory_gb', 4: 'system_disk_gb', 6: 'data_disk_gb', 9: 'count'}
    for c in range(1, 10):
        total.append((Val('typed_total.' + tk[c]) if c in tk else Empty(), hw[c]))
    hosts.append(R(total, 'total'))
    hosts = reshape_hosts(v, hosts, [1] * 10)
    if v.opt('nest_hosts'):
        hosts = [R([(Nest(hosts), 10)], 'nest')]
    top = [
        lv((Lab('申请单位', True, 'unit.name'), Val('unit.name')), (Lab('申请时间', True, 'applied_on'), Val('applied_on'))),
        lv((Lab('系统负责人  及职务', True, 'owner.name_title'), Val('owner.name_title')),
           (Lab('移动电话', True, 'owner.mobile'), Val('owner.mobile'))),
        lv((Lab('维护单位/部门', True, 'maintainer.name'), Val('maintainer.name')),
           (Lab('维护单位性质', True, 'maintainer.kind'),
            Opt('maintainer.kind', o('下属单位/部门', '委托外包单位'), SQ, sep='  '))),
        lv((Lab('技术联系人', True, 'tech_contact.name'), Val('tech_contact.name')),
           (Lab('移动电话', True, 'tech_contact.mobile'), Val('tech_contact.mobile'))),
        lv((Lab('电子邮箱', True, 'tech_contact.email'), Val('tech_contact.email'))),
    ]
    sysr = [
        head('一、信息系统基本情况（每个系统一份）'),
        lv((Lab('信息系统名称', True, 'system.name'), Val('system.name')),
           (Lab('项目编号或项目代码', False, 'system.project_code'), Val('system.project_code'))),
        R([(Lab('系统上云编号', True, 'system.cloud_id'), 2), (Val('system.cloud_id'), 3), (Empty(), 2), (Empty(), 3)], 'lv'),
        lv((Lab('系统简介', True, 'system.summary'), Val('system.summary'))),
        lv((Lab('系统入云类型', True, 'system.onboarding'),
            Opt('system.onboarding', o('新建入云', '迁移入云'), SQ)),
           (Lab('承载网络（可多选）', True, 'system.networks'),
            Opt('system.networks', o('政务外网', '互联网', '其他网络', other='其他网络'), SQ, sep='  ', multi=True))),
        lv((Lab('等级保护级别', True, 'system.protection_level'),
            Opt('system.protection_level', o('一级', '二级', '三级', '未定级'), SQ)),
           (Lab('运行时间', True, 'system.operating_hours'),
            Opt('system.operating_hours', o('7×24小时', '5×8小时', '其它', other='其它'), SQ))),
    ]
    res = [
        head('二、云资源需求描述'),
        lv((Lab('云平台', True, 'cloud.platform'), Opt('cloud.platform', o('电信云', '移动云', '联通云'), SQ)),
           (Lab('系统上云运行时限', True, 'cloud.term'),
            Opt('cloud.term', o('长期运行', '临时运行', nums={'临时运行': ('cloud.term_months', '个月')}), SQ))),
        R([(Lab('IP地址', True, 'ip', vmerge='restart'), 2),
           (Comp([('box', 'ip.internet'), '互联网公网地址', ('num', 'ip.internet', '    '), '个', ('nl',),
                  ('box', 'ip.egov'), '政务外网业务地址', ('num', 'ip.egov', '    '), '个']), 3),
           (Txt('带宽', vmerge='restart'), 0.8), (Lab('专线', False, 'bandwidth.dedicated'), 1.2),
           (Opt('bandwidth.dedicated', BW, SQ), 3)], 'ip'),
        R([(Merge(), 2), (Merge(), 3), (Merge(), 0.8), (Lab('互联网出口', False, 'bandwidth.internet'), 1.2),
           (Opt('bandwidth.internet', BW, SQ), 3)], 'ip'),
        lv((Lab('数据库', False, 'database'), Opt('database', o('达梦', '南大通用', '人大金仓', '其他', other='其他'), SQ)),
           (Lab('中间件', False, 'middleware'), Opt('middleware', o('Weblogic', '东方通', '其他', other='其他'), SQ))),
        head('1、虚拟主机和NAT资源'),
    ] + hosts + [
        head('2、GPU资源'),
        R([(Comp(['低配GPU卡', ('num', 'gpu.low', '    '), '块   中配GPU卡', ('num', 'gpu.mid', '    '),
                  '块   高配GPU卡', ('num', 'gpu.high', '    '), '块']), 10)], 'comp'),
        head('3、裸金属服务器及机柜空间'),
        R([(Lab('裸金属服务器', False, 'bare_metal'), 2),
           (Comp(['    类型   低配服务器', ('num', 'bare_metal.low', '    '), '台  中配服务器',
                  ('num', 'bare_metal.mid', '    '), '台  高配服务器', ('num', 'bare_metal.high', '    '), '台']), 8)],
          'comp'),
        R([(Lab('物理空间', False, 'space'), 2),
           (Comp([('num', 'space.cabinets', '      '), '个机柜         ', ('num', 'space.units_u', '  '),
                  'U标准机柜空间']), 8)], 'comp'),
        head('4、安全及灾备服务'),
        lv((Lab('基础安全服务', False, 'security.basic'), Val('security.basic'))),
        lv((Lab('增值安全服务', False, 'security.value_added'), Val('security.value_added', printed='其他：'))),
        R([(Lab('基础备份服务', False, 'backup.basic'), 2), (Opt('backup.basic', o('本地备份'), SQ, multi=True), 3),
           (Val('backup.basic_note'), 5)], 'lv'),
        R([(Lab('增值备份服务', False, 'backup.value_added'), 2),
           (Opt('backup.value_added', o('同城异地备份', '异地备份'), SQ, sep='  ', multi=True), 3),
           (Val('backup.value_added_note'), 5)], 'lv'),
        head('三、其他资源'),
        R([(Val('other'), 10)], 'prompt'),
        head('四、系统安全责任说明'),
        R([(Txt('信息系统部署到政务云后，按照“安全管理责任主体不变、数据归属关系不变、安全管理标准不变、数据敏感信息不出境”原则。'
                '责任如下：1、云主管部门负责市电子政务云平台的建设、维护、管理，负责政务云使用情况动态监测、云资源优化；2、使用单位负责'
                '本单位信息系统开发测试、迁移部署、运行维护、安全管理等工作，配合政务云安全检查、应急演练、统计评价等工作；3、云服务商负责'
                '政务云的建设、咨询、服务开通、日常运行维护和安全保障，并配合使用单位做好信息系统迁移部署、运维保障和安全保障等工作。',
                'static'), 10)], 'text'),
        R([(Txt('使用单位名称（盖章）：            云服务商（盖章）：                管理单位（盖章）： \n             \n'
                '       年   月   日                    年   月   日                           年   月   日\n  ', 'sign'),
            10)], 'sign'),
    ]
    return Form('activation-sheet', '附件5', '淮北市政务云资源开通确认单',
                [S('contact', top), S('system', sysr), S('cloud', res)])


def exit_sheet(v):
    def wipe(who):
        k = 'data_wipe.' + who
        return Comp(['清除与否：', ('opt', Opt(k, o('是', '否'), SQ, sep='  ')), ' ', ('nl',),
                     '其它说明：', ('val', k + '_note')])
    rows = [
        head('信息系统情况'),
        lv((Lab('使用单位名称', False, 'unit.name'), Val('unit.name'))),
        lv((Lab('系统名称', False, 'system.name'), Val('system.name'))),
        lv((Lab('退出类型', False, 'exit_kind'), Opt('exit_kind', o('业务系统退出', '使用单位退出'), SQ, sep='      '))),
        lv((Lab('系统负责人', False, 'owner.name'), Val('owner.name')),
           (Lab('移动电话', False, 'owner.mobile'), Val('owner.mobile'))),
        lv((Lab('部署云平台', False, 'cloud.platform'),
            Opt('cloud.platform', o('电信云', '移动云', '联通云'), None, sep='            '))),
        head('业务系统或使用单位退出情况'),
        lv((Lab('退出原因', False, 'reason'), Val('reason'))),
        lv((Lab('退出日期', False, 'exit_on'), Val('exit_on'))),
        lv((Lab('退出资源', False, 'resources'),
            Val('resources', prompt='请在此处列出申请退出的资源内容，包括虚拟机资源、网络资源、存储资源等。'))),
        head('数据清除情况'),
        R([(Lab('云服务商确认 ', False, 'data_wipe.provider'), 2), (wipe('provider'), 8)], 'lv'),
        R([(Lab('使用单位确认 ', False, 'data_wipe.unit'), 2), (wipe('unit'), 8)], 'lv'),
        R([(Txt('使用单位名称（盖章）：       云服务商（盖章）：               管理单位（盖章）： \n\n'
                '      年   月   日                  年   月   日                       年   月   日', 'sign'), 10)], 'sign'),
    ]
    return Form('exit-sheet', '附件7', '淮北市政务云资源退出确认单', [S('main', rows)])


BUILDERS = {
    'request': request,
    'hosting-request': hosting_request,
    'change-request': change_request,
    'exit-request': exit_request,
    'activation-sheet': activation_sheet,
    'change-sheet': change_sheet,
    'exit-sheet': exit_sheet,
}
