; C++ additions to c.scm.

(namespace_definition name: (_) @name body: (declaration_list) @body) @def.module
(class_specifier name: (_) @name body: (field_declaration_list) @body) @def.class
(function_definition
  declarator: (reference_declarator (function_declarator declarator: (_) @name parameters: (parameter_list) @params))
  body: (compound_statement)? @body) @def.function
(function_definition
  !type
  declarator: (function_declarator declarator: (_) @name parameters: (parameter_list) @params)
  body: (compound_statement)? @body) @def.function

(declaration
  declarator: (init_declarator
    declarator: (identifier) @name
    value: (lambda_expression body: (_) @body))) @def.lambda

(optional_parameter_declaration type: (_) @param.type declarator: (_) @param.name) @param
(new_expression type: (_) @call)
(for_range_loop) @loop
(throw_statement) @throw
(catch_clause) @catch
(co_await_expression) @await
(co_yield_statement) @yield
(assignment_expression
  left: (field_expression
    argument: (this) @write.obj
    field: (field_identifier) @write.field))
