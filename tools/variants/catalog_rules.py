"""Round 2: the meaning of what is filled in. Every value type of
spec/forms.md written the ways the spec accepts and in ways it must refuse,
the `0` = not needed rule, empty required fields, choices with none /
several / unknown options, 其他 without its text, the articles' rules
(临时运行 months, 四级 and 涉密, the filing certificate, 第十六条 major
changes, the typed 合计, a change request without changes) and documents
of unusual size. One concern per variant, for every form it applies to.

Variants whose diagnostics name a cell carry the cell in their expected
file (`where`, located from the layout by make_variants.py)."""
from .data import ACT_A, CR_A, CS_A, ES_A, EXIT_A, HOST_A, REQ_A, REQ_B
from .variant import Variant

# form id -> (base values, short name, default tick style, per-field ticks)
BASE = {
    'request': (REQ_A, 'request', 'replace:\u2611', {}),
    'hosting-request': (HOST_A, 'hosting', 'replace:\u2611', {}),
    'change-request': (CR_A, 'change-request', 'delete', {}),
    'exit-request': (EXIT_A, 'exit-request', 'replace:\u2611', {'cloud.provider': 'delete'}),
    'activation-sheet': (ACT_A, 'activation', 'replace:\u2611', {}),
    'change-sheet': (CS_A, 'change-sheet', 'delete', {}),
    'exit-sheet': (ES_A, 'exit-sheet', 'replace:\u2611', {'cloud.platform': 'delete'}),
}

ACT_TOTAL = {'cpu': 20, 'memory_gb': 40, 'system_disk_gb': 300, 'data_disk_gb': 2248, 'count': 3}


def V(form, suffix, about, changes=None, typed=None, opts=None, ticks=None, tick=None, diagnostics=(), bad=(),
      base=None, locate=True):
    values, short, dtick, dticks = BASE[form]
    t = dict(dticks)
    t.update(ticks or {})
    o = dict(opts or {})
    if form == 'activation-sheet' and 'typed_total' not in o:
        o['typed_total'] = ACT_TOTAL
    return Variant('%s-%s' % (short, suffix), form, base or values, about, typed=typed, opts=o, ticks=t,
                   tick=tick or dtick, diagnostics=diagnostics, changes=changes, bad=bad, locate=locate)


def bad(form, suffix, about, texts, fields=None):
    """Values typed so that they are no value of their type: each a `format`
    error on its field (table cells: hosts[0].cpu), the value left out."""
    diags = []
    for path in texts:
        f = (fields or {}).get(path, path)
        parts = f.split('.')
        if len(parts) > 2 and parts[1].isdigit():
            f = '%s[%s].%s' % (parts[0], parts[1], '.'.join(parts[2:]))
        diags.append(('error', 'format', f))
    changes = {}
    for p in texts:
        if p.endswith('.cpumem_before') or p.endswith('.cpumem_after'):
            row, suf = p.rsplit('.', 1)
            suf = suf[len('cpumem'):]
            changes[row + '.cpu' + suf] = None
            changes[row + '.memory_gb' + suf] = None
        else:
            changes[p] = None
    # no typed 合计 on 附件5: a refused cell would make it differ (another concern)
    opts = {'typed_total': {}} if form == 'activation-sheet' else None
    return V(form, 'bad-' + suffix, about, changes=changes, typed=texts, bad=list(texts), diagnostics=diags,
             opts=opts)


def req(paths):
    return [('error', 'required', p) for p in paths]


def types_valid():
    return [
        V('request', 'types-a', 'every type as the spec accepts it (1): 2026/3/5, 3196021 without area code, a mobile '
          'as 办公电话, 139 0561 1234, 189-5611-2233, 280万, ８００, 8核, 16C, 16GB, 64 G, 100G, 500GB, 2TB, 2台',
          changes={'owner.office_phone': '3196021', 'tech_contact.office_phone': '18956112233'},
          typed={'applied_on': '2026/3/5', 'owner.mobile': '139 0561 1234', 'tech_contact.mobile': '189-5611-2233',
                 'system.investment': '280万', 'system.audience_size': '８００', 'hosts.0.cpu': '8核',
                 'hosts.1.cpu': '16C', 'hosts.0.memory_gb': '16GB', 'hosts.1.memory_gb': '64 G',
                 'hosts.0.system_disk_gb': '100G', 'hosts.0.data_disk_gb': '500GB', 'hosts.1.data_disk_gb': '2TB',
                 'hosts.0.count': '2台'}),
        V('request', 'types-b', 'every type as the spec accepts it (2): ２０２６年４月２０日, 1,500,000元, +86 15858112345, '
          '+8613705512345, 16vCPU, 32GB, 1T, 4T, 1 台, 460 个',
          base=REQ_B,
          typed={'applied_on': '２０２６年４月２０日', 'system.investment': '1,500,000元', 'owner.mobile': '+86 15856112345',
                 'tech_contact.mobile': '+8613705512345', 'hosts.0.cpu': '16vCPU', 'hosts.0.memory_gb': '32GB',
                 'hosts.0.data_disk_gb': '1T', 'hosts.2.data_disk_gb': '4T', 'hosts.1.count': '1 台',
                 'system.audience_size': '460 个'}),
        V('request', 'types-c', 'every type as the spec accepts it (3): 2026.3.5, 1200000-style plain money, 100 G, '
          '1TB, ２ in a host count, 0561-3196021',
          typed={'applied_on': '2026.3.5', 'system.investment': '2800000', 'hosts.0.system_disk_gb': '100 G',
                 'hosts.1.data_disk_gb': '2048', 'hosts.0.data_disk_gb': '500', 'hosts.0.count': '２'}),
        V('hosting-request', 'types', 'types on 附件2: 2026.5.8, 65万元, 139-5616-7788, 3110863, 4U, 1.2kW, 500W, '
          '2台, 6kW, 42U',
          changes={'tech_contact.office_phone': '3110863'},
          typed={'applied_on': '2026.5.8', 'system.investment': '65万元', 'owner.mobile': '139-5616-7788',
                 'devices.0.units_u': '4U', 'devices.0.rated_power_w': '1.2kW', 'devices.1.rated_power_w': '500W',
                 'devices.1.count': '2台', 'cabinets.0.power_kw': '6kW', 'cabinets.0.units_u': '42U'}),
        V('change-request', 'types', 'types on 附件3: 2026年4月15日, 3883210, 8核16G, 10核20G, 4C/8GB, 100GB, 500G, '
          '600GB, 300 G',
          changes={'owner.phone': '3883210'},
          typed={'requested_on': '2026年4月15日', 'changes.0.cpumem_before': '8核16G',
                 'changes.0.cpumem_after': '10核20G', 'changes.1.cpumem_before': '4C/8GB',
                 'changes.0.system_disk_gb_before': '100GB', 'changes.0.data_disk_gb_before': '500G',
                 'changes.0.data_disk_gb_after': '600GB', 'changes.1.data_disk_gb_after': '300 G'}),
        V('exit-request', 'types', 'types on 附件4: ２０２６/６/３０, 3042211, 138-6611-2345',
          changes={'owner.office_phone': '3042211'},
          typed={'exit_on': '２０２６/６/３０', 'owner.mobile': '138-6611-2345'}),
        V('activation-sheet', 'types', 'types on 附件5: 2026年3月18日, 138 0561 9876, +86 15155612020, 8vCPU, 16 G, '
          '1TB, 100G, 2 台, ３ IP addresses',
          typed={'applied_on': '2026年3月18日', 'owner.mobile': '138 0561 9876',
                 'tech_contact.mobile': '+86 15155612020', 'hosts.0.cpu': '8vCPU', 'hosts.0.memory_gb': '16 G',
                 'hosts.0.data_disk_gb': '1TB', 'hosts.1.system_disk_gb': '100G', 'hosts.0.count': '2 台',
                 'ip.egov': '３'}),
        V('change-sheet', 'types', 'types on 附件6: 2026/5/20, a mobile as 联系电话 (138-5619-8765), 16C/32G, 2T, 2.5T',
          typed={'changed_on': '2026/5/20', 'owner.phone': '138-5619-8765', 'changes.0.cpumem_before': '16C/32G',
                 'changes.0.data_disk_gb_before': '2T', 'changes.0.data_disk_gb_after': '2.5T'}),
        V('exit-request', 'leap-day', '29 February of a leap year: 2028年2月29日', changes={'exit_on': '2028-02-29'},
          typed={'exit_on': '2028年2月29日'}),
        V('exit-sheet', 'types', 'types on 附件7: 2026年8月31日, +86 137 0561 7788',
          typed={'exit_on': '2026年8月31日', 'owner.mobile': '+86 137 0561 7788'}),
    ]


def types_invalid():
    return [
        bad('request', 'date', 'an impossible date: 2026-02-30', {'applied_on': '2026-02-30'}),
        bad('exit-request', 'feb29', '29 February of a common year: 2026-02-29', {'exit_on': '2026-02-29'}),
        bad('request', 'phone', '办公电话 of two local digits: 0561-31', {'owner.office_phone': '0561-31'}),
        bad('request', 'email', 'e-mail without @ and without a top-level domain',
            {'owner.email': 'zhouzq#hbyjj.gov.cn', 'tech_contact.email': 'gaoxiang@hbyjj'}),
        bad('request', 'mobile', 'mobiles of 10 digits and not starting with 1',
            {'tech_contact.mobile': '1895611223', 'owner.mobile': '28956112233'}),
        bad('request', 'money', '系统投资费用 written as 待定 (to be decided)', {'system.investment': '待定'}),
        bad('request', 'int', '服务对象数量 很多, a host count of 1.5',
            {'system.audience_size': '很多', 'hosts.0.count': '1.5'}),
        bad('request', 'gb', 'memory 16QB (no such unit), data disk 很大',
            {'hosts.0.memory_gb': '16QB', 'hosts.1.data_disk_gb': '很大'}),
        bad('request', 'cpu', 'CPU 8.5 (vCPUs are whole)', {'hosts.0.cpu': '8.5'}),
        bad('hosting-request', 'date', 'an impossible date: 2026年5月32日', {'applied_on': '2026年5月32日'}),
        bad('hosting-request', 'money', 'investment in another currency: 65万美元', {'system.investment': '65万美元'}),
        bad('hosting-request', 'power', 'rated power 高 (high)', {'devices.0.rated_power_w': '高'}),
        bad('hosting-request', 'units', 'a device of 4.5U', {'devices.0.units_u': '4.5U'}),
        bad('hosting-request', 'mobile', 'a 10-digit mobile', {'tech_contact.mobile': '1875611990'}),
        bad('change-request', 'date', '变更申请时间 without a day: 2026-4', {'requested_on': '2026-4'}),
        bad('change-request', 'phone', '联系电话 of four digits', {'owner.phone': '3883'}),
        bad('change-request', 'ipv4', 'IPs 10.55.62.256 and 10.55.62',
            {'changes.0.ip': '10.55.62.256', 'changes.1.ip': '10.55.62'}),
        bad('change-request', 'cpumem', 'CPU、内存（变更后） written as 高配', {'changes.0.cpumem_after': '高配'},
            fields={'changes.0.cpumem_after': 'changes.0.cpu_after'}),
        bad('change-request', 'gb', 'data disk after 600QB', {'changes.0.data_disk_gb_after': '600QB'}),
        bad('exit-request', 'date', 'an impossible date: 2026年6月31日', {'exit_on': '2026年6月31日'}),
        bad('exit-request', 'mobile', 'a 10-digit mobile', {'owner.mobile': '1386611234'}),
        bad('exit-request', 'email', 'two @ in an e-mail', {'owner.email': 'sunmin@@hbmz.gov.cn'}),
        bad('exit-request', 'phone', '办公电话 0561-304', {'owner.office_phone': '0561-304'}),
        bad('activation-sheet', 'date', 'month 13: 2026/13/18', {'applied_on': '2026/13/18'}),
        bad('activation-sheet', 'mobile', 'a 12-digit mobile', {'owner.mobile': '138056198760'}),
        bad('activation-sheet', 'email', 'an e-mail without @', {'tech_contact.email': 'caoyang.landun-env.com'}),
        bad('activation-sheet', 'int', 'a host count of 1.5', {'hosts.1.count': '1.5'}),
        bad('activation-sheet', 'gb', 'memory 16QB', {'hosts.0.memory_gb': '16QB'}),
        bad('change-sheet', 'date', 'day 40: 2026-05-40', {'changed_on': '2026-05-40'}),
        bad('change-sheet', 'phone', '联系电话 of 10 digits starting with 1', {'owner.phone': '1385619876'}),
        bad('change-sheet', 'ipv4', 'an IP of three numbers', {'changes.0.ip': '172.18.10'}),
        bad('exit-sheet', 'date', 'day 32: 2026.8.32', {'exit_on': '2026.8.32'}),
        bad('exit-sheet', 'mobile', 'a 10-digit mobile', {'owner.mobile': '1370561778'}),
    ]


def located():
    """Refused values in other layouts: the diagnostic names the cell as laid out."""
    return [
        V('request', 'bad-email-pair-rows', 'a refused e-mail with every label/value pair on a row of its own',
          changes={'owner.email': None}, typed={'owner.email': 'zhouzq#hbyjj.gov.cn'}, bad=['owner.email'],
          opts={'one_pair_rows': {'contact', 'system'}}, diagnostics=[('error', 'format', 'owner.email')]),
        V('change-request', 'bad-date-inline', 'a refused date typed in its label\'s cell (变更申请时间：2026-4)',
          changes={'requested_on': None}, typed={'requested_on': '2026-4'}, bad=['requested_on'],
          opts={'inline_value': {'requested_on', 'unit.name'}}, diagnostics=[('error', 'format', 'requested_on')]),
        V('activation-sheet', 'bad-mobile-split-tables', 'a refused mobile in the second of several tables '
          '(one table per section)', changes={'tech_contact.mobile': None},
          typed={'tech_contact.mobile': '1515561202'}, bad=['tech_contact.mobile'],
          opts={'split_tables': 'row'}, diagnostics=[('error', 'format', 'tech_contact.mobile')]),
        V('activation-sheet', 'bad-count-split-tables', 'a refused host count in a later table',
          changes={'hosts.1.count': None}, typed={'hosts.1.count': '一些'}, bad=['hosts.1.count'],
          opts={'split_tables': 'row', 'typed_total': {}}, diagnostics=[('error', 'format', 'hosts[1].count')]),
    ]


def zero_rule():
    """备注3: 0 in a required field means "not needed": 0 for numbers, "0" otherwise."""
    return [
        V('request', 'zero-scalars', '“0” typed in required text, date, phone, e-mail, mobile, money and int fields',
          changes={'applied_on': '0', 'owner.office_phone': '0', 'owner.email': '0', 'tech_contact.mobile': '0',
                   'system.investment': 0, 'system.audience_size': 0, 'system.summary': '0'}),
        V('request', 'zero-choice', 'the options of a required choice (云服务商) and multi (承载网络) replaced by “0”',
          changes={'cloud.provider': '0', 'system.networks': '0'},
          opts={'zero_cell': {'cloud.provider', 'system.networks'}}),
        V('hosting-request', 'zero-scalars', '“0” in required date, money, e-mail and phone fields',
          changes={'applied_on': '0', 'system.investment': 0, 'tech_contact.email': '0',
                   'owner.office_phone': '0'}),
        V('hosting-request', 'zero-choice', 'the options of 云服务商 and 可用性要求 replaced by “0”',
          changes={'cloud.provider': '0', 'system.availability': '0'},
          opts={'zero_cell': {'cloud.provider', 'system.availability'}}),
        V('change-request', 'zero-scalars', '“0” in 联系电话, 变更申请时间 and 申请事由',
          changes={'owner.phone': '0', 'requested_on': '0', 'reason': '0'}),
        V('change-request', 'zero-choice', 'the options of 部署区域 and 变更类型 replaced by “0”',
          changes={'zone': '0', 'change_kinds': '0'}, opts={'zero_cell': {'zone', 'change_kinds'}}),
        V('exit-request', 'zero-scalars', '“0” in 退出日期, 办公电话, 移动电话 and 退出资源',
          changes={'exit_on': '0', 'owner.office_phone': '0', 'owner.mobile': '0', 'resources': '0'}),
        V('exit-request', 'zero-choice', 'the options of 云服务商 replaced by “0”',
          changes={'cloud.provider': '0'}, opts={'zero_cell': {'cloud.provider'}}),
        V('activation-sheet', 'zero-scalars', '“0” in 申请时间, 移动电话, 电子邮箱, 系统上云编号 and both IP blanks',
          changes={'applied_on': '0', 'owner.mobile': '0', 'tech_contact.email': '0', 'system.cloud_id': '0',
                   'ip': {'internet': 0, 'egov': 0}}),
        V('activation-sheet', 'zero-choice', 'the options of 云平台 and 运行时间 replaced by “0”',
          changes={'cloud.platform': '0', 'system.operating_hours': '0'},
          opts={'zero_cell': {'cloud.platform', 'system.operating_hours'}}),
        V('change-sheet', 'zero-scalars', '“0” in 变更时间 and 联系电话',
          changes={'changed_on': '0', 'owner.phone': '0'}),
        V('exit-sheet', 'zero-scalars', '“0” in 退出日期 and 移动电话',
          changes={'exit_on': '0', 'owner.mobile': '0'}),
    ]


def empty_required():
    return [
        V('request', 'empty-required', 'required date, phone, e-mail, mobile, money, int and text fields left empty',
          changes={k: None for k in ('applied_on', 'owner.office_phone', 'owner.email', 'tech_contact.mobile',
                                     'system.investment', 'system.audience_size', 'system.summary')},
          diagnostics=req(['applied_on', 'owner.office_phone', 'owner.email', 'tech_contact.mobile',
                           'system.investment', 'system.audience_size', 'system.summary'])),
        V('hosting-request', 'empty-required', 'required date, money, e-mail, text and name fields left empty',
          changes={k: None for k in ('applied_on', 'system.investment', 'tech_contact.email', 'system.summary',
                                     'owner.name')},
          diagnostics=req(['applied_on', 'system.investment', 'tech_contact.email', 'system.summary',
                           'owner.name'])),
        V('change-request', 'empty-required', '申请单位, 联系电话, 变更申请时间 and 申请事由 left empty',
          changes={k: None for k in ('unit.name', 'owner.phone', 'requested_on', 'reason')},
          diagnostics=req(['unit.name', 'owner.phone', 'requested_on', 'reason'])),
        V('exit-request', 'empty-required', '退出日期, 办公电话, 移动电话 empty; 退出资源 left with its printed prompt',
          changes={k: None for k in ('exit_on', 'owner.office_phone', 'owner.mobile', 'resources')},
          diagnostics=req(['exit_on', 'owner.office_phone', 'owner.mobile', 'resources'])),
        V('activation-sheet', 'empty-required', '申请时间, 移动电话, 电子邮箱 and 系统上云编号 left empty',
          changes={k: None for k in ('applied_on', 'owner.mobile', 'tech_contact.email', 'system.cloud_id')},
          diagnostics=req(['applied_on', 'owner.mobile', 'tech_contact.email', 'system.cloud_id'])),
        V('activation-sheet', 'empty-ip', 'both IP blanks (IP地址*) left empty',
          changes={'ip': None}, diagnostics=req(['ip.internet'])),
        V('change-sheet', 'empty-required', '变更时间 and 联系电话 left empty',
          changes={'changed_on': None, 'owner.phone': None}, diagnostics=req(['changed_on', 'owner.phone'])),
        V('exit-sheet', 'empty-required', '退出日期 and 移动电话 empty, 退出资源 left with its printed prompt',
          changes={'exit_on': None, 'owner.mobile': None, 'resources': None},
          diagnostics=req(['exit_on', 'owner.mobile', 'resources'])),
    ]


def choices():
    def choice(*keys):
        return [('error', 'choice', k) for k in keys]
    out = [
        V('request', 'choice-none', 'required 云服务商 (choice) and 承载网络 (multi) with nothing ticked',
          changes={'cloud.provider': None, 'system.networks': None}, diagnostics=choice('cloud.provider',
                                                                                     'system.networks')),
        V('hosting-request', 'choice-none', 'required 维护单位性质 and 承载网络 with nothing ticked',
          changes={'maintainer.kind': None, 'system.networks': None},
          diagnostics=choice('maintainer.kind', 'system.networks')),
        V('change-request', 'choice-none', 'box-less 云服务商 and 变更类型 with every option left as printed',
          changes={'cloud.provider': None, 'change_kinds': None}, diagnostics=choice('cloud.provider',
                                                                                    'change_kinds')),
        V('exit-request', 'choice-none', '退出类型 boxes left empty; 云服务商 options all left',
          changes={'exit_kind': None, 'cloud.provider': None}, diagnostics=choice('exit_kind', 'cloud.provider')),
        V('activation-sheet', 'choice-none', '云平台 and 承载网络 with nothing ticked',
          changes={'cloud.platform': None, 'system.networks': None},
          diagnostics=choice('cloud.platform', 'system.networks')),
        V('change-sheet', 'choice-none', '部署云平台 and 部署区域 with every option left',
          changes={'cloud.platform': None, 'zone': None}, diagnostics=choice('cloud.platform', 'zone')),
        V('exit-sheet', 'choice-none', '退出类型 boxes empty; 部署云平台 options all left',
          changes={'exit_kind': None, 'cloud.platform': None}, diagnostics=choice('exit_kind', 'cloud.platform')),
    ]
    two = [('request', 'system.onboarding', ['新建上云', '迁移上云'], None),
           ('hosting-request', 'cloud.provider', ['电信', '移动'], None),
           ('change-request', 'zone', ['政务外网区', '互联网区'], 'replace:\u221a'),
           ('exit-request', 'exit_kind', ['业务系统退出', '使用单位退出'], None),
           ('activation-sheet', 'system.onboarding', ['新建入云', '迁移入云'], None),
           ('change-sheet', 'cloud.platform', ['电信云', '移动云'], 'replace:\u221a'),
           ('exit-sheet', 'exit_kind', ['业务系统退出', '使用单位退出'], None)]
    for form, key, opts, tick in two:
        out.append(V(form, 'choice-two', 'two options ticked in the single choice %s: %s' % (key, '、'.join(opts)),
                     changes={key: None}, opts={'force_chosen': {key: opts}}, ticks={key: tick} if tick else None,
                     diagnostics=choice(key)))
    unknown = [('request', 'cloud.provider', '华为云'), ('hosting-request', 'cloud.provider', '广电'),
               ('change-request', 'cloud.provider', '华为云'), ('exit-request', 'cloud.provider', '广电'),
               ('activation-sheet', 'cloud.platform', '华为云'), ('change-sheet', 'cloud.platform', '华为云'),
               ('exit-sheet', 'cloud.platform', '华为云')]
    for form, key, text in unknown:
        out.append(V(form, 'choice-unknown', 'an option not on the form written in and ticked: %s (kept as written)'
                     % text, changes={key: text}, opts={'extra_opts': {key: [(text, True)]}},
                     diagnostics=choice(key)))
    return out


def others():
    return [
        V('request', 'other-empty', '其他 ticked without its text in 系统类型 (choice) and 承载网络 (multi)',
          changes={'system.category': '其他', 'system.networks': ['政务外网', '其他网络']},
          diagnostics=req(['system.category_other', 'system.networks_other'])),
        V('hosting-request', 'other-empty', '其他 ticked without text in 可用性要求 and 专线',
          changes={'system.availability': '其他', 'bandwidth.dedicated': '其他'},
          diagnostics=req(['system.availability_other', 'bandwidth.dedicated_other'])),
        V('change-request', 'other-empty', '变更类型 主机 and 其他 left, no text after 其他',
          changes={'change_kinds': ['主机', '其他']}, diagnostics=req(['change_kinds_other'])),
        V('activation-sheet', 'other-empty', '运行时间 其它 and 中间件 其他 ticked without text',
          changes={'system.operating_hours': '其它', 'middleware': '其他'},
          diagnostics=req(['system.operating_hours_other', 'middleware_other'])),
        V('change-sheet', 'other-empty', '变更类型 主机 and 其他 left, no text after 其他',
          changes={'change_kinds': ['主机', '其他']}, diagnostics=req(['change_kinds_other'])),
    ]


def term_rules():
    out = []
    for form in ('request', 'hosting-request', 'activation-sheet'):
        for suffix, months, diags, about in (
                ('term-no-months', None, req(['cloud.term_months']), '临时运行 ticked, months left blank'),
                ('term-0', 0, [('error', 'range', 'cloud.term_months')], '临时运行 0 个月'),
                ('term-7', 7, [('error', 'range', 'cloud.term_months')], '临时运行 7 个月 (over 第十八条\'s 6)'),
                ('term-6', 6, [], '临时运行 6 个月 (the most allowed)'),
                ('term-1', 1, [], '临时运行 1 个月')):
            out.append(V(form, suffix, about, changes={'cloud.term': '临时运行', 'cloud.term_months': months},
                         diagnostics=diags))
    return out


def level_rules():
    out = []
    for form in ('request', 'activation-sheet'):
        for suffix, text in (('level4', '四级'), ('secret', '涉密')):
            out.append(V(form, suffix, '等级保护级别 %s written in after the printed options and ticked '
                         '(第三、四、五条: out of scope)' % text,
                         changes={'system.protection_level': text},
                         opts={'extra_opts': {'system.protection_level': [(text, True)]}},
                         diagnostics=[('error', 'rule', 'system.protection_level')]))
    for level, diags in (('二级', [('warning', 'required', 'system.protection_cert')]),
                         ('三级', [('warning', 'required', 'system.protection_cert')]),
                         ('一级', []), ('未定级', [])):
        name = {'二级': 'level2', '三级': 'level3', '一级': 'level1', '未定级': 'unrated'}[level]
        out.append(V('request', name + '-no-cert', '%s without 等保备案证明证书编号%s' %
                     (level, ' (a warning)' if diags else ' (nothing expected)'),
                     changes={'system.protection_level': level, 'system.protection_cert': None}, diagnostics=diags))
    return out


def row(ip, cb, mb, ca, ma, sb, sa, db, da, note='扩容'):
    return {'ip': ip, 'cpu_before': cb, 'memory_gb_before': mb, 'cpu_after': ca, 'memory_gb_after': ma,
            'system_disk_gb_before': sb, 'system_disk_gb_after': sa, 'data_disk_gb_before': db,
            'data_disk_gb_after': da, 'disk_type': 'SSD', 'note': note}


def change_rules():
    warn = [('warning', 'rule', 'changes')]
    cases = [
        ('change-50', 'CPU, memory and storage each up by exactly 50 % over the rows (no warning)',
         [row('10.55.62.21', 8, 16, 12, 24, 100, 150, 500, 750), row('10.55.62.22', 4, 8, 6, 12, 100, 150, 200, 300)],
         []),
        ('change-51', 'memory up by 51.6 % (64 → 97 GB), CPU and storage unchanged',
         [row('10.55.62.21', 8, 32, 8, 48, 100, 100, 500, 500), row('10.55.62.22', 8, 32, 8, 49, 100, 100, 500, 500)],
         warn),
        ('change-down-60', 'memory down by 60 % (40 → 16 GB)',
         [row('10.55.62.21', 8, 40, 8, 16, 100, 100, 500, 500, '缩容')], warn),
        ('change-rows', 'one row doubles its CPU (4 → 8) but the rows given grow by 20 % (no warning)',
         [row('10.55.62.21', 4, 8, 8, 8, 100, 100, 200, 200), row('10.55.62.22', 16, 32, 16, 32, 100, 100, 500, 500)],
         []),
        ('change-from-zero', 'a row of new resources: 0 → 8 CPU, 0 → 16 GB, 0 → 100 + 200 GB (more than 50 % '
         'of nothing existing)', [row('10.55.62.40', 0, 0, 8, 16, 0, 100, 0, 200, '新增')], warn),
        ('change-storage', 'storage up by 60 % (data disk 1000 → 1700, system disk 100 → 100)',
         [row('10.55.62.21', 8, 16, 8, 16, 100, 100, 1000, 1700)], warn),
    ]
    out = []
    for form in ('change-request', 'change-sheet'):
        for suffix, about, rows, diags in cases:
            out.append(V(form, suffix, about, changes={'changes': rows}, diagnostics=diags))
        out.append(V(form, 'no-changes', 'neither host rows nor other changes (资源变更内容 empty)',
                     changes={'changes': None, 'other_changes': None}, diagnostics=req(['changes'])))
    out += [
        V('activation-sheet', 'total-wrong', 'a typed 合计 whose CPU (24) differs from the rows × counts (20)',
          opts={'typed_total': dict(ACT_TOTAL, cpu=24)}, diagnostics=[('warning', 'rule', 'hosts_total')]),
        V('activation-sheet', 'total-units', 'a right 合计 typed with units: 20核, 40G, 300GB, 2.2T… (2248G), 3台',
          typed={'typed_total.cpu': '20核', 'typed_total.memory_gb': '40G', 'typed_total.system_disk_gb': '300GB',
                 'typed_total.data_disk_gb': '2248G', 'typed_total.count': '3台'}),
        V('activation-sheet', 'total-count-wrong', 'a typed 合计 whose count (2) differs from the rows (3)',
          opts={'typed_total': dict(ACT_TOTAL, count=2)}, diagnostics=[('warning', 'rule', 'hosts_total')]),
        V('activation-sheet', 'total-count-only', '合计 with only the count typed (3, right)',
          opts={'typed_total': {'count': 3}}),
    ]
    return out


def many_hosts(n):
    zones = ['政务外网区', '互联网区']
    out = []
    for i in range(n):
        out.append({'name': '业务节点%04d' % (i + 1), 'cpu': [2, 4, 8, 16][i % 4], 'memory_gb': [4, 8, 16, 32][i % 4],
                    'os': '银河麒麟V10', 'system_disk_gb': 100, 'system_disk_type': 'SSD',
                    'data_disk_gb': 100 * (1 + i % 10), 'data_disk_type': ['SSD', 'SAS', 'SATA'][i % 3],
                    'zone': zones[i % 2], 'count': 1 + i % 3})
    return out


SUMMARY_200K = ''.join('第%d段：平台汇聚全市危化品企业、重点场所视频和物联感知数据，支撑值班值守、监测预警、指挥调度和灾情统计。'
                       % (i + 1) for i in range(1400))


def load():
    twin = V('request', 'twice-copy', 'second copy', locate=False)
    other = Variant('request-twice-b', 'request', REQ_B, 'second copy')
    return [
        V('request', 'hosts-2000', '2 000 host rows in the 主机资源 table', changes={'hosts': many_hosts(2000)},
          locate=False),
        V('request', 'summary-200k', '系统简介 of %d KB of text in one cell' % (len(SUMMARY_200K.encode()) // 1024),
          changes={'system.summary': SUMMARY_200K}, locate=False),
        V('request', 'paras-5000', '5 000 empty paragraphs around the form table', opts={'empty_paras': 5000},
          locate=False),
        V('request', 'twice-same', 'the filled form pasted twice into one document (two identical tables): '
          'the first copy is read, the second may be warned about',
          opts={'twice': twin, 'allow': ['warning format -']}, locate=False),
        V('request', 'twice-two-systems', 'two filled forms in one document, 附件1 for two systems (每个系统一份): '
          'the first is read, no value of the second may leak into it',
          opts={'twice': other, 'allow': ['warning format -']}, locate=False),
    ]


def variants():
    return (types_valid() + types_invalid() + located() + zero_rule() + empty_required() + choices() + others() + term_rules()
            + level_rules() + change_rules() + load())
